import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { withTriggerIds } from '../../workflows/triggers/trigger-ids';
import { validateTriggers } from '../../workflows/triggers/validate';

const paths = (config: Record<string, unknown>) => validateTriggers(config).map((p) => p.path);

describe('trigger validation at save', () => {
  test('each type is checked against its schema, every problem with its path', () => {
    assert.deepEqual(
      paths({
        triggers: [
          { type: 'webhook', enabled: true },
          { type: 'git', enabled: 'yes', source: 'github', project: 'p', slug: 's', branch: '[' },
          { type: 'docker', repository: 'a/b', tag: '(\\d)\\1' },
          { type: 'jenkins', master: 'm' },
          { enabled: true },
        ],
      }),
      ['triggers[0].source', 'triggers[1].enabled', 'triggers[1].branch', 'triggers[2].tag', 'triggers[3].job', 'triggers[4].type'],
    );
  });

  test('valid triggers, unknown types and manual triggers pass', () => {
    assert.deepEqual(
      paths({
        triggers: [
          { type: 'webhook', enabled: true, source: 's', payloadConstraints: { 'a.b': 'x|y', c: null }, parameters: { v: '${trigger.payload.v}' } },
          { type: 'git', enabled: true, source: 'gitlab', project: 'p', slug: 's', branch: 'release-.*', secret: 'x' },
          { type: 'docker', enabled: true, account: 'hub', registry: 'index.docker.io', repository: 'a/b', tag: 'v\\d+' },
          { type: 'concourse', enabled: true, master: 'ci', job: 'team/pipe/job' },
          { type: 'nexus', nexusSearchName: 'x' },
          { type: 'manual', enabled: true },
        ],
      }),
      [],
    );
  });

  test('duplicate ids, broken parameter expressions and dangling expectedArtifactIds are reported', () => {
    assert.deepEqual(
      paths({
        expectedArtifacts: [{ id: 'a', matchArtifact: { type: 'docker/image' } }],
        triggers: [
          { type: 'webhook', id: 't', source: 's', expectedArtifactIds: ['a', 'b'], parameters: { x: '${ (' } },
          { type: 'webhook', id: 't', source: 's' },
        ],
      }),
      ['triggers[0].expectedArtifactIds[1]', 'triggers[0].parameters.x', 'triggers[1].id'],
    );
  });

  test('ids are assigned only where missing', () => {
    let n = 0;
    const next = () => `id-${++n}`;
    assert.deepEqual(withTriggerIds([{ type: 'a', id: 'keep' }, { type: 'b' }, { type: 'c', id: ' ' }, 'junk'], next), [
      { type: 'a', id: 'keep' },
      { type: 'b', id: 'id-1' },
      { type: 'c', id: 'id-2' },
      'junk',
    ]);
    assert.equal(withTriggerIds(undefined, next), undefined);
  });
});
