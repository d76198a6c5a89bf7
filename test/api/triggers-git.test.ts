import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startTestWorker, type TestWorker } from '../helpers/worker';
import { type ApiHarness, type JsonBody, startApi, uniqueName } from './support/harness';
import { cancelAll, fixture, githubSignature, runningExecution, savePipeline, triggeredPipeline } from './support/triggers';

/**
 * Git push events in the recorded shapes of GitHub, GitLab and Bitbucket Cloud (test/fixtures/
 * triggers), posted as those hosts post them; GitHub's servers cannot run here, so the test plays
 * the sender and signs with the real HMAC scheme.
 */
describe('git triggers: POST /webhooks/git/{github|gitlab|bitbucket}', () => {
  let worker: TestWorker;
  let api: ApiHarness;
  const app = uniqueName('git');
  const started = new Set<string>();
  const secret = 'It is a s3cret!';

  const post = (source: string, body: string, headers: Record<string, string>) =>
    api.request('POST', `/webhooks/git/${source}`, body, headers);

  /** A GitHub push for a repository unique to the test, as text. */
  function githubPush(owner: string, repo: string, branch = 'main'): string {
    return JSON.stringify(
      fixture('github-push.json', (b: JsonBody) => {
        b.ref = `refs/heads/${branch}`;
        b.repository.name = repo;
        b.repository.full_name = `${owner}/${repo}`;
        b.repository.owner.name = owner;
        b.repository.owner.login = owner;
        b.repository.clone_url = `https://github.com/${owner}/${repo}.git`;
      }),
    );
  }
  const githubHeaders = (body: string, signature?: string, delivery = randomUUID()) => ({
    'X-GitHub-Event': 'push',
    'X-GitHub-Delivery': delivery,
    ...(signature === undefined ? {} : { 'X-Hub-Signature-256': signature }),
    'User-Agent': 'GitHub-Hookshot/7f6b1a8',
  });

  before(async () => {
    worker = await startTestWorker();
    api = await startApi({ taskQueue: worker.taskQueue });
  });
  after(async () => {
    await cancelAll(api, started);
    await api.close();
    await worker.shutdown();
  });

  describe('GitHub', () => {
    const owner = uniqueName('Octo');
    let configId: string;
    before(async () => {
      const saved = await savePipeline(
        api,
        triggeredPipeline(app, 'github-main', [{ type: 'git', enabled: true, source: 'github', project: owner, slug: 'hello-world', branch: 'main|release-.*', secret }]),
      );
      configId = saved.id;
    });

    test('a correctly signed push starts the pipeline with hash, branch, project, slug and a git/repo artifact', async () => {
      const body = githubPush(owner, 'hello-world');
      const res = await post('github', body, githubHeaders(body, githubSignature(secret, body)));
      assert.equal(res.status, 200);
      assert.equal(res.body.executions.length, 1, JSON.stringify(res.body));
      const run = res.body.executions[0];
      assert.equal(run.pipelineConfigId, configId);
      started.add(run.executionId);
      const { trigger } = await runningExecution(api, run.executionId);
      assert.equal(trigger.type, 'git');
      assert.equal(trigger.source, 'github');
      assert.equal(trigger.project, owner);
      assert.equal(trigger.slug, 'hello-world');
      assert.equal(trigger.branch, 'main');
      assert.equal(trigger.hash, '0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c');
      assert.equal(trigger.secret, undefined, 'the secret never reaches the execution');
      const repo = trigger.artifacts?.find((a) => a.type === 'git/repo');
      assert.deepEqual(repo, {
        type: 'git/repo',
        name: `${owner}/hello-world`,
        version: '0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c',
        reference: `https://github.com/${owner}/hello-world.git`,
        metadata: { branch: 'main' },
      });
      assert.ok(trigger.artifacts?.some((a) => a.type === 'github/file' && a.name === 'manifests/deploy.yml'));
    });

    test('the same X-GitHub-Delivery again starts nothing new', async () => {
      const body = githubPush(owner, 'hello-world', 'release-7');
      const delivery = randomUUID();
      const first = await post('github', body, githubHeaders(body, githubSignature(secret, body), delivery));
      const again = await post('github', body, githubHeaders(body, githubSignature(secret, body), delivery));
      assert.equal(first.body.eventId, delivery);
      assert.equal(first.body.executions[0].alreadyStarted, false);
      assert.equal(again.body.executions[0].executionId, first.body.executions[0].executionId);
      assert.equal(again.body.executions[0].alreadyStarted, true);
      started.add(first.body.executions[0].executionId);
    });

    test('a wrong or missing signature starts nothing and is reported', async () => {
      const body = githubPush(owner, 'hello-world');
      const wrong = await post('github', body, githubHeaders(body, githubSignature('not the secret', body)));
      assert.deepEqual(wrong.body.executions, []);
      assert.equal(wrong.body.notMatched[0].reason, "secret: X-Hub-Signature-256 does not match the trigger's secret");
      const tampered = await post('github', body.replace('main', 'main '), githubHeaders(body, githubSignature(secret, body)));
      assert.deepEqual(tampered.body.executions, []);
      const missing = await post('github', body, githubHeaders(body));
      assert.deepEqual(missing.body.executions, []);
      assert.equal(missing.body.notMatched[0].reason, 'secret: the trigger has a secret but the event carries no X-Hub-Signature-256');
    });

    test('a branch the trigger does not want is explained', async () => {
      const body = githubPush(owner, 'hello-world', 'feature/x');
      const res = await post('github', body, githubHeaders(body, githubSignature(secret, body)));
      assert.deepEqual(res.body.executions, []);
      assert.equal(res.body.notMatched[0].reason, 'branch: `feature/x` does not match `main|release-.*`');
    });

    test("GitHub's ping is answered with eventProcessed false", async () => {
      const body = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1, repository: { name: 'hello-world', owner: { login: owner } } });
      const res = await post('github', body, { 'X-GitHub-Event': 'ping', 'X-GitHub-Delivery': randomUUID() });
      assert.equal(res.status, 200);
      assert.equal(res.body.eventProcessed, false);
      assert.deepEqual(res.body.executions, []);
    });
  });

  describe('GitLab', () => {
    const namespace = uniqueName('Mike');
    const token = 'gitlab-token-1234';
    before(async () => {
      await savePipeline(
        api,
        triggeredPipeline(app, 'gitlab-main', [{ type: 'git', enabled: true, source: 'gitlab', project: namespace, slug: 'Diaspora', branch: 'main', secret: token }]),
      );
    });
    const body = () =>
      JSON.stringify(
        fixture('gitlab-push.json', (b: JsonBody) => {
          b.project.namespace = namespace;
        }),
      );
    const headers = (extra: Record<string, string>) => ({ 'X-Gitlab-Event': 'Push Hook', 'X-Gitlab-Event-UUID': randomUUID(), ...extra });

    test('the right X-Gitlab-Token starts the pipeline; a wrong or missing one starts nothing', async () => {
      const ok = await post('gitlab', body(), headers({ 'X-Gitlab-Token': token }));
      assert.equal(ok.body.executions.length, 1, JSON.stringify(ok.body));
      started.add(ok.body.executions[0].executionId);
      const { trigger } = await runningExecution(api, ok.body.executions[0].executionId);
      assert.equal(trigger.hash, 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7');
      assert.equal(trigger.branch, 'main');
      assert.equal(trigger.project, namespace);
      assert.equal(trigger.slug, 'Diaspora');

      const wrong = await post('gitlab', body(), headers({ 'X-Gitlab-Token': 'nope' }));
      assert.deepEqual(wrong.body.executions, []);
      assert.equal(wrong.body.notMatched[0].reason, "secret: X-Gitlab-Token does not match the trigger's secret");
      const missing = await post('gitlab', body(), headers({}));
      assert.deepEqual(missing.body.executions, []);
      assert.equal(missing.body.notMatched[0].reason, 'secret: the trigger has a secret but the event carries no X-Gitlab-Token');
    });
  });

  describe('Bitbucket Cloud', () => {
    const workspace = uniqueName('acme');
    const hookSecret = 'bitbucket-secret-99';
    before(async () => {
      await savePipeline(
        api,
        triggeredPipeline(app, 'bitbucket-main', [
          { type: 'git', enabled: true, source: 'bitbucket', project: workspace, slug: 'web-app', branch: 'main', secret: hookSecret },
        ]),
      );
    });
    const body = () =>
      JSON.stringify(
        fixture('bitbucket-push.json', (b: JsonBody) => {
          b.repository.full_name = `${workspace}/web-app`;
          b.repository.workspace.slug = workspace;
          b.repository.links.html.href = `https://bitbucket.org/${workspace}/web-app`;
        }),
      );
    const headers = (text: string, signature?: string) => ({
      'X-Event-Key': 'repo:push',
      'X-Request-UUID': randomUUID(),
      ...(signature ? { 'X-Hub-Signature': signature } : {}),
    });

    test('a signed repo:push starts the pipeline; a wrong signature starts nothing', async () => {
      const text = body();
      const ok = await post('bitbucket', text, headers(text, githubSignature(hookSecret, text)));
      assert.equal(ok.body.executions.length, 1, JSON.stringify(ok.body));
      started.add(ok.body.executions[0].executionId);
      const { trigger } = await runningExecution(api, ok.body.executions[0].executionId);
      assert.equal(trigger.hash, '709d658dc5b6d6afcd46049c2f332ee3f515a67d');
      assert.equal(trigger.branch, 'main');
      assert.equal(trigger.project, workspace);
      assert.equal(trigger.slug, 'web-app');
      assert.equal(trigger.artifacts?.[0].reference, `https://bitbucket.org/${workspace}/web-app.git`);

      const wrong = await post('bitbucket', text, headers(text, githubSignature('other', text)));
      assert.deepEqual(wrong.body.executions, []);
      assert.equal(wrong.body.notMatched[0].reason, "secret: X-Hub-Signature does not match the trigger's secret");
    });
  });

  test('an unknown git host is a 400', async () => {
    const res = await post('svn', '{}', {});
    assert.equal(res.status, 400);
    assert.equal(res.body.errors[0].path, 'source');
  });
});
