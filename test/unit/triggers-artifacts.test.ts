import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ExpectedArtifact } from '../../workflows/model/artifacts';
import { artifactMatches, bindExpectedArtifacts, needsPriorArtifacts } from '../../workflows/triggers/artifact-binding';

const image: ExpectedArtifact = { id: 'img', matchArtifact: { type: 'docker/image', name: 'gcr.io/acme/app' } };
const withDefault: ExpectedArtifact = {
  id: 'cfg',
  matchArtifact: { type: 'embedded/base64' },
  useDefaultArtifact: true,
  defaultArtifact: { type: 'embedded/base64', reference: 'ZGVmYXVsdA==' },
};
const withPrior: ExpectedArtifact = { id: 'prior', matchArtifact: { type: 'gcs/object', name: 'gs://b/.*' }, usePriorArtifact: true };
const built = { type: 'docker/image', name: 'gcr.io/acme/app', version: '2', reference: 'gcr.io/acme/app:2' };

describe('expected artifact binding (Orca ArtifactResolver rules)', () => {
  test('matchArtifact fields are regexes found in the candidate; empty fields match anything', () => {
    assert.equal(artifactMatches({ type: 'docker/image', name: 'acme/app' }, built), true);
    assert.equal(artifactMatches({ type: 'docker/image', version: '^3$' }, built), false);
    assert.equal(artifactMatches({ type: '', name: undefined }, built), true);
    assert.equal(artifactMatches({ reference: 'x' }, { type: 'a' }), false);
  });

  test('binds the one matching artifact and leaves unrelated expected artifacts alone', () => {
    const result = bindExpectedArtifacts({ expectedArtifacts: [image, withDefault], expectedArtifactIds: ['img'], received: [built] });
    assert.ok(result.ok);
    assert.deepEqual(result.resolvedExpectedArtifacts, [{ ...image, boundArtifact: built }]);
    assert.deepEqual(result.artifacts, [built]);
  });

  test('falls back to the default artifact, which joins trigger.artifacts', () => {
    const result = bindExpectedArtifacts({ expectedArtifacts: [image, withDefault], expectedArtifactIds: ['img', 'cfg'], received: [built] });
    assert.ok(result.ok);
    assert.equal(result.resolvedExpectedArtifacts[1].boundArtifact?.reference, 'ZGVmYXVsdA==');
    assert.deepEqual(result.artifacts.map((a) => a.type), ['docker/image', 'embedded/base64']);
  });

  test('refuses with a reason when nothing matches, or when more than one artifact matches', () => {
    const none = bindExpectedArtifacts({ expectedArtifacts: [image], expectedArtifactIds: ['img'], received: [] });
    assert.equal(none.ok, false);
    assert.ok(!none.ok && /expected artifact 'img' \(type ~ \/docker\/image\/, name ~ \/gcr.io\/acme\/app\/\) matched none/.test(none.reason));
    const two = bindExpectedArtifacts({ expectedArtifacts: [image], expectedArtifactIds: ['img'], received: [built, { ...built, version: '3' }] });
    assert.ok(!two.ok && /matches 2 artifacts/.test(two.reason));
    const unknown = bindExpectedArtifacts({ expectedArtifacts: [image], expectedArtifactIds: ['gone'], received: [] });
    assert.ok(!unknown.ok && unknown.problems[0].path === 'trigger.expectedArtifactIds[0]');
  });

  test('usePriorArtifact: asks for the prior execution only when needed, then binds from it', () => {
    const input = { expectedArtifacts: [withPrior], expectedArtifactIds: ['prior'], received: [] };
    assert.equal(needsPriorArtifacts(input), true);
    assert.equal(needsPriorArtifacts({ ...input, received: [{ type: 'gcs/object', name: 'gs://b/new.tgz' }] }), false);
    const prior = { type: 'gcs/object', name: 'gs://b/old.tgz', reference: 'gs://b/old.tgz' };
    const result = bindExpectedArtifacts({ ...input, prior: [prior] });
    assert.ok(result.ok);
    assert.deepEqual(result.artifacts, [prior]);
    const noPrior = bindExpectedArtifacts({ ...input, prior: [] });
    assert.ok(!noPrior.ok && /no prior execution had one/.test(noPrior.reason));
  });
});
