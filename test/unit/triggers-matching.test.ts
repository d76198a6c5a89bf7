import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseRegistryEnvelope } from '../../api/triggers/docker-event';
import { parseBitbucketPush, parseGithubPush, parseGitlabPush } from '../../api/triggers/git-event';
import { payloadConstraintsMismatch, readPayloadPath } from '../../api/triggers/payload-constraints';
import { signatureMismatch } from '../../api/triggers/signatures';

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'triggers', name), 'utf8'));

describe('payloadConstraints', () => {
  const payload = { ref: 'refs/heads/main', 'dotted.key': 'yes', repository: { owner: { login: 'acme' } }, commits: [{ id: 'a1' }, { id: 'b2' }], tags: ['v1', 'v2'] };

  test('dotted paths reach nested JSON, indexes reach arrays, a dotted top-level key wins', () => {
    assert.deepEqual(readPayloadPath(payload, 'repository.owner.login'), { found: true, value: 'acme' });
    assert.deepEqual(readPayloadPath(payload, '$.commits[1].id'), { found: true, value: 'b2' });
    assert.deepEqual(readPayloadPath(payload, 'dotted.key'), { found: true, value: 'yes' });
    assert.deepEqual(readPayloadPath(payload, 'repository.name'), { found: false });
  });

  test('values match as whole strings; arrays match when any element does; null only requires presence', () => {
    assert.equal(payloadConstraintsMismatch({ ref: 'refs/heads/main', 'repository.owner.login': 'ac.*' }, payload), undefined);
    assert.equal(payloadConstraintsMismatch({ ref: 'main' }, payload), 'payloadConstraints: `ref` = `refs/heads/main` does not match `main`');
    assert.equal(payloadConstraintsMismatch({ tags: 'v2' }, payload), undefined);
    assert.equal(payloadConstraintsMismatch({ ref: null }, payload), undefined);
    assert.equal(payloadConstraintsMismatch({ 'a.b': 'x' }, payload), 'payloadConstraints: `a.b` is not in the payload');
    assert.match(payloadConstraintsMismatch({ ref: '(a)\\1' }, payload) ?? '', /backreferences are not supported/);
  });
});

describe('git signatures (constant-time)', () => {
  const body = Buffer.from('{"ref":"refs/heads/main"}');
  const sign = (secret: string, algorithm = 'sha256') => `${algorithm}=${createHmac(algorithm, secret).update(body).digest('hex')}`;

  test('GitHub: sha256 and the legacy sha1 header verify; wrong, missing or unexpected signatures are reasons', () => {
    assert.equal(signatureMismatch('github', 's3cret', { 'x-hub-signature-256': sign('s3cret') }, body), undefined);
    assert.equal(signatureMismatch('github', 's3cret', { 'x-hub-signature': sign('s3cret', 'sha1') }, body), undefined);
    assert.match(signatureMismatch('github', 's3cret', { 'x-hub-signature-256': sign('other') }, body) ?? '', /does not match/);
    assert.match(signatureMismatch('github', 's3cret', {}, body) ?? '', /carries no X-Hub-Signature-256/);
    assert.match(signatureMismatch('github', undefined, { 'x-hub-signature-256': sign('x') }, body) ?? '', /trigger has no secret/);
    assert.equal(signatureMismatch('github', undefined, {}, body), undefined);
    assert.match(signatureMismatch('github', 's3cret', { 'x-hub-signature-256': 'md5=abc' }, body) ?? '', /does not match/);
  });

  test('GitLab compares X-Gitlab-Token with the secret', () => {
    assert.equal(signatureMismatch('gitlab', 'tok', { 'x-gitlab-token': 'tok' }, body), undefined);
    assert.match(signatureMismatch('gitlab', 'tok', { 'x-gitlab-token': 'tok2' }, body) ?? '', /does not match/);
  });
});

describe('git push payloads (recorded shapes)', () => {
  test('GitHub push: owner name, repository name, branch without refs/heads/, after', () => {
    const push = parseGithubPush(fixture('github-push.json'), 'push');
    assert.deepEqual(push.repositories[0], { project: 'Codertocat', slug: 'hello-world' });
    assert.equal(push.branch, 'main');
    assert.equal(push.hash, '0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c');
    assert.deepEqual(push.files, ['manifests/deploy.yml']);
    assert.equal(push.skip, undefined);
    assert.match(parseGithubPush({ ...fixture('github-push.json'), deleted: true }, 'push').skip ?? '', /deleted/);
    assert.match(parseGithubPush({ ...fixture('github-push.json'), ref: 'refs/tags/v1' }, 'push').skip ?? '', /not a branch/);
    assert.match(parseGithubPush(fixture('github-push.json'), 'pull_request').skip ?? '', /not handled/);
  });

  test('GitLab push: namespace/name as Echo, and the path spelling', () => {
    const push = parseGitlabPush(fixture('gitlab-push.json'));
    assert.deepEqual(push.repositories, [
      { project: 'Mike', slug: 'Diaspora' },
      { project: 'mike', slug: 'diaspora' },
    ]);
    assert.equal(push.hash, 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7');
    assert.equal(push.cloneUrl, 'http://example.com/mike/diaspora.git');
  });

  test('Bitbucket Cloud repo:push: workspace and repository slug, the new head', () => {
    const push = parseBitbucketPush(fixture('bitbucket-push.json'), 'repo:push');
    assert.deepEqual(push.repositories[0], { project: 'acme-team', slug: 'web-app' });
    assert.equal(push.branch, 'main');
    assert.equal(push.hash, '709d658dc5b6d6afcd46049c2f332ee3f515a67d');
    const deleted = fixture('bitbucket-push.json');
    deleted.push.changes[0].new = null;
    assert.match(parseBitbucketPush(deleted, 'repo:push').skip ?? '', /deleted/);
  });
});

describe('registry notification envelope', () => {
  test('keeps tagged manifest pushes and says why the other events were left out', () => {
    const { pushes, ignored } = parseRegistryEnvelope({
      events: [
        { id: 'e1', action: 'push', target: { mediaType: 'application/vnd.oci.image.manifest.v1+json', repository: 'a/b', tag: '1', digest: 'sha256:1' }, request: { host: 'r:5000' } },
        { id: 'e2', action: 'push', target: { mediaType: 'application/octet-stream', repository: 'a/b', digest: 'sha256:2' } },
        { id: 'e3', action: 'pull', target: { mediaType: 'application/vnd.oci.image.manifest.v1+json', repository: 'a/b', tag: '1' } },
        { id: 'e4', action: 'push', target: { mediaType: 'application/vnd.docker.distribution.manifest.v2+json', repository: 'a/b', digest: 'sha256:4' } },
      ],
    });
    assert.deepEqual(pushes, [{ registry: 'r:5000', repository: 'a/b', tag: '1', digest: 'sha256:1', eventId: 'e1' }]);
    assert.equal(ignored.length, 3);
  });
});
