import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { startTestWorker, type TestWorker } from '../helpers/worker';
import { type ApiHarness, startApi, uniqueName } from './support/harness';
import { cancelAll, runningExecution, savePipeline, triggeredPipeline } from './support/triggers';

describe('webhook triggers: POST /webhooks/webhook/{source}', () => {
  let worker: TestWorker;
  let api: ApiHarness;
  const app = uniqueName('hooks');
  const source = uniqueName('deploys');
  const started = new Set<string>();
  let configId: string;
  let triggerId: string;

  const post = (body: unknown, headers: Record<string, string> = {}, path = `/webhooks/webhook/${source}`) =>
    api.request('POST', path, typeof body === 'string' ? body : JSON.stringify(body), headers);

  before(async () => {
    worker = await startTestWorker();
    api = await startApi({ taskQueue: worker.taskQueue });
    const saved = await savePipeline(
      api,
      triggeredPipeline(
        app,
        'deploy',
        [
          {
            type: 'webhook',
            enabled: true,
            source,
            runAsUser: 'deploy-bot',
            payloadConstraints: { 'repository.owner.login': 'acme', ref: 'refs/heads/main' },
            parameters: { service: '${trigger.payload.repository.name}' },
          },
        ],
        { parameterConfig: [{ name: 'service', required: true }, { name: 'env', default: 'staging' }] },
      ),
    );
    configId = saved.id;
    triggerId = saved.triggers[0].id;
  });
  after(async () => {
    await cancelAll(api, started);
    await api.close();
    await worker.shutdown();
  });

  const matching = (extra: Record<string, unknown> = {}) => ({
    ref: 'refs/heads/main',
    repository: { name: 'billing', owner: { login: 'acme' } },
    ...extra,
  });

  test('a save assigns each trigger a UUID id and keeps it on the next save', async () => {
    assert.match(triggerId, /^[0-9a-f-]{36}$/);
    const again = await savePipeline(api, { ...(await api.request('GET', `/applications/${app}/pipelineConfigs/deploy`)).body });
    assert.equal(again.triggers[0].id, triggerId);
  });

  test('nested payloadConstraints match: the pipeline runs with the trigger in Orca shape', async () => {
    const res = await post(matching({ parameters: { env: 'prod' } }));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.eventProcessed, true);
    assert.match(res.body.eventId, /^sha256:/);
    assert.equal(res.body.executions.length, 1, JSON.stringify(res.body));
    const [run] = res.body.executions;
    assert.equal(run.pipelineConfigId, configId);
    assert.equal(run.triggerId, triggerId);
    assert.equal(run.alreadyStarted, false);
    started.add(run.executionId);

    const execution = await runningExecution(api, run.executionId);
    assert.equal(execution.trigger.type, 'webhook');
    assert.equal(execution.trigger.source, source);
    assert.equal(execution.trigger.user, 'deploy-bot');
    assert.equal(execution.authentication?.user, 'deploy-bot');
    assert.deepEqual(execution.trigger.parameters, { service: 'billing', env: 'prod' });
    assert.deepEqual((execution.trigger.payload as { repository: unknown }).repository, { name: 'billing', owner: { login: 'acme' } });
    assert.equal(execution.trigger.eventId, res.body.eventId);

    const description = await api.temporal.workflow.getHandle(run.executionId).describe();
    const triggerType = description.typedSearchAttributes.get(defineSearchAttributeKey('GennakerTriggerType', SearchAttributeType.KEYWORD));
    assert.equal(triggerType, 'webhook');
  });

  test('a redelivery answers the same execution; another Idempotency-Key starts another', async () => {
    const body = matching({ attempt: uniqueName('a') });
    const first = await post(body);
    const again = await post(body);
    assert.equal(first.body.executions.length, 1);
    assert.equal(again.body.eventId, first.body.eventId);
    assert.equal(again.body.executions[0].executionId, first.body.executions[0].executionId);
    assert.equal(again.body.executions[0].alreadyStarted, true);
    started.add(first.body.executions[0].executionId);

    const keyed = await post(body, { 'Idempotency-Key': uniqueName('key') });
    assert.equal(keyed.body.executions.length, 1);
    assert.notEqual(keyed.body.executions[0].executionId, first.body.executions[0].executionId);
    started.add(keyed.body.executions[0].executionId);
  });

  test('a non-matching payload starts nothing and says which constraint failed', async () => {
    const dev = await post(matching({ ref: 'refs/heads/dev' }));
    assert.equal(dev.status, 200);
    assert.deepEqual(dev.body.executions, []);
    assert.equal(dev.body.notMatched.length, 1);
    assert.equal(dev.body.notMatched[0].pipelineConfigId, configId);
    assert.equal(dev.body.notMatched[0].reason, 'payloadConstraints: `ref` = `refs/heads/dev` does not match `refs/heads/main`');

    const missing = await post({ ref: 'refs/heads/main', repository: { name: 'x' } });
    assert.equal(missing.body.notMatched[0].reason, 'payloadConstraints: `repository.owner.login` is not in the payload');
  });

  test('a required parameter left empty refuses that start with the reason', async () => {
    const otherSource = uniqueName('params');
    await savePipeline(
      api,
      triggeredPipeline(app, 'needs-params', [{ type: 'webhook', enabled: true, source: otherSource }], {
        parameterConfig: [{ name: 'version', required: true }],
      }),
    );
    const res = await post({ anything: true }, {}, `/webhooks/webhook/${otherSource}`);
    assert.deepEqual(res.body.executions, []);
    assert.equal(res.body.refused.length, 1);
    assert.match(res.body.refused[0].reason, /required parameter 'version' is missing/);
    assert.equal(res.body.refused[0].errors[0].path, 'parameters.version');
  });

  test('a disabled trigger or pipeline never fires, and the answer says so', async () => {
    const quiet = uniqueName('quiet');
    await savePipeline(api, triggeredPipeline(app, 'trigger-off', [{ type: 'webhook', enabled: false, source: quiet }]));
    await savePipeline(api, triggeredPipeline(app, 'pipeline-off', [{ type: 'webhook', enabled: true, source: quiet }], { disabled: true }));
    const res = await post({}, {}, `/webhooks/webhook/${quiet}`);
    assert.deepEqual(res.body.executions, []);
    const reasons = Object.fromEntries(res.body.notMatched.map((n: { pipeline: string; reason: string }) => [n.pipeline, n.reason]));
    assert.deepEqual(reasons, { 'pipeline-off': 'the pipeline is disabled', 'trigger-off': 'the trigger is not enabled' });
  });

  test('a deleted pipeline leaves the index: its source no longer finds it', async () => {
    const gone = uniqueName('gone');
    await savePipeline(api, triggeredPipeline(app, 'short-lived', [{ type: 'webhook', enabled: false, source: gone }]));
    assert.equal((await post({}, {}, `/webhooks/webhook/${gone}`)).body.notMatched.length, 1);
    assert.equal((await api.request('DELETE', `/pipelines/${app}/short-lived`)).status, 200);
    const res = await post({}, {}, `/webhooks/webhook/${gone}`);
    assert.deepEqual(res.body.notMatched, []);
    assert.match(res.body.message, /no webhook trigger listens/);
  });

  test('GET /openapi.json describes the event endpoints', async () => {
    const { body } = await api.request('GET', '/openapi.json');
    for (const path of ['/webhooks/webhook/{source}', '/webhooks/git/{source}', '/webhooks/docker/registry', '/webhooks/docker/dockerhub', '/webhooks/jenkins/{master}', '/webhooks/ci/{type}/{master}']) {
      assert.ok(body.paths[path]?.post, `missing ${path}`);
    }
  });

  test('an unknown source is answered and starts nothing', async () => {
    const res = await post({ hello: 'world' }, {}, `/webhooks/webhook/${uniqueName('nobody')}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.eventProcessed, true);
    assert.deepEqual(res.body.executions, []);
    assert.deepEqual(res.body.notMatched, []);
  });

  test('bad input: malformed JSON and non-objects are 400, oversized bodies 413, bad artifacts 400 with paths', async () => {
    const malformed = await post('{"ref": ');
    assert.equal(malformed.status, 400);
    assert.match(malformed.body.message, /malformed JSON/);
    const list = await post('[1, 2]');
    assert.equal(list.status, 400);
    const huge = await post(JSON.stringify({ blob: 'x'.repeat(6 * 1024 * 1024) }));
    assert.equal(huge.status, 413);
    const artifacts = await post({ artifacts: [{ type: 5 }, 'nope'] });
    assert.equal(artifacts.status, 400);
    assert.deepEqual(artifacts.body.errors.map((e: { path: string }) => e.path), ['artifacts[0].type', 'artifacts[1]']);
    assert.deepEqual(api.loggedErrors, []);
  });

  test('at save: an invalid constraint regex (or one the linear-time engine cannot run) is a 400 naming its path; unknown trigger types are kept', async () => {
    const bad = await api.request(
      'POST',
      '/pipelines',
      triggeredPipeline(app, 'bad-regex', [
        { type: 'webhook', enabled: true, source: 's', payloadConstraints: { ref: 'refs/(heads' } },
        { type: 'webhook', enabled: true, source: 's', payloadConstraints: { 'a.b': '(a)\\1$' } },
        { type: 'git', enabled: true, source: 'svn', project: '', slug: 'x' },
      ]),
    );
    assert.equal(bad.status, 400);
    const paths = bad.body.errors.map((e: { path: string }) => e.path);
    assert.deepEqual(paths, ['triggers[0].payloadConstraints.ref', 'triggers[1].payloadConstraints.a.b', 'triggers[2].source', 'triggers[2].project']);
    assert.match(bad.body.errors[1].message, /backreferences are not supported/);
    assert.equal((await api.request('GET', `/applications/${app}/pipelineConfigs/bad-regex`)).status, 404);

    const foreign = await savePipeline(
      api,
      triggeredPipeline(app, 'from-spinnaker', [{ type: 'artifactory', enabled: true, artifactorySearchName: 'libs' }, { type: 'pubsub', enabled: true }]),
    );
    assert.equal(foreign.triggers[0].artifactorySearchName, 'libs');
    assert.equal(foreign.triggers[1].type, 'pubsub');
  });
});
