import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pipelineConfig, startPipeline } from '../helpers/pipelines';
import { startTestWorker, type TestWorker } from '../helpers/worker';
import { canaryConfig, executionRequest, WINDOW } from './support/canary';
import { type ApiHarness, type JsonBody, eventually, startApi, uniqueName } from './support/harness';

describe('one-off canary executions (/v2/canaries/canary, Kayenta shapes)', () => {
  let worker: TestWorker;
  let api: ApiHarness;
  /** An API whose task queue no worker polls: its canaries stay running. */
  let idle: ApiHarness;

  before(async () => {
    worker = await startTestWorker();
    api = await startApi({ taskQueue: worker.taskQueue });
    idle = await startApi();
  });
  after(async () => {
    await idle?.close();
    await api?.close();
    await worker?.shutdown();
  });

  async function start(path: string, body: unknown, harness = api): Promise<string> {
    const res = await harness.request('POST', path, body);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(Object.keys(res.body), ['canaryExecutionId']);
    return res.body.canaryExecutionId;
  }

  /** Polls the status as spin does, until `complete`. */
  function completed(id: string): Promise<JsonBody> {
    return eventually(async () => {
      const res = await api.request('GET', `/v2/canaries/canary/${id}`);
      assert.equal(res.status, 200);
      return res.body.complete ? res.body : undefined;
    }, `canary ${id} complete`);
  }

  test('an inline config on equal metrics: complete, succeeded, judged Pass', async () => {
    const app = uniqueName('canary');
    const request = { canaryConfig: canaryConfig('latency', [app]), executionRequest: executionRequest() };
    const id = await start('/v2/canaries/canary', request);
    const status = await completed(id);

    assert.equal(status.status, 'succeeded');
    assert.equal(status.executionStatus, 'SUCCEEDED');
    assert.equal(status.pipelineId, id);
    const { judgeResult, canaryDuration } = status.result;
    assert.equal(judgeResult.score.classification, 'Pass');
    assert.equal(judgeResult.score.score, 100);
    assert.equal(judgeResult.results[0].name, 'latency');
    assert.equal(judgeResult.results[0].controlMetadata.stats.count, 61, 'one point per second of the one-minute window');
    assert.equal(canaryDuration, 'PT1M');
    assert.deepEqual(status.config, request.canaryConfig);
    assert.deepEqual(status.canaryExecutionRequest, request.executionRequest, 'the request as sent');
    assert.equal(status.canaryConfigId, undefined);
    assert.deepEqual(status.metricQueries[0], {
      metric: 'latency',
      scopeName: 'default',
      account: 'synthetic',
      control: 'synthetic normal(mean 100, sd 10, seed latency) for scope app-baseline',
      experiment: 'synthetic normal(mean 100, sd 10, seed latency) for scope app-canary',
    });
    assert.ok(status.startTimeMillis <= status.endTimeMillis);
    assert.equal(status.endTimeIso, new Date(status.endTimeMillis).toISOString());
    assert.equal(status.exception, undefined);
  });

  test('a stored config by canaryConfigId (body, query or path): a doubled latency is judged Fail', async () => {
    const app = uniqueName('canary');
    const configId = (await api.request('POST', '/v2/canaryConfig', canaryConfig('slow', [app], { canaryMean: 200 }))).body.canaryConfigId;
    const ids = [
      await start('/v2/canaries/canary', { canaryConfigId: configId, executionRequest: executionRequest() }),
      await start(`/v2/canaries/canary?canaryConfigId=${configId}`, { executionRequest: executionRequest() }),
      await start(`/v2/canaries/canary/${configId}?application=${app}`, executionRequest()),
    ];
    for (const id of ids) {
      const status = await completed(id);
      assert.equal(status.status, 'succeeded', 'a failing verdict is still a finished execution');
      assert.equal(status.result.judgeResult.score.classification, 'Fail');
      assert.equal(status.result.judgeResult.results[0].classification, 'High');
      assert.equal(status.canaryConfigId, configId);
      assert.equal(status.config.name, 'slow');
    }
    assert.equal((await api.request('GET', `/v2/canaries/canary/${ids[2]}`)).body.application, app);
  });

  test('thresholds default to the config classifier when the request gives none', async () => {
    // One slower metric out of two scores 50: Marginal with pass 75, Pass with the config's pass 40.
    const metrics = [...canaryConfig('x', []).metrics, { ...canaryConfig('x', [], { canaryMean: 200 }).metrics[0], name: 'latency-p99' }];
    const config = canaryConfig('two', [], { extra: { metrics, classifier: { groupWeights: { performance: 100 }, scoreThresholds: { pass: 40, marginal: 20 } } } });
    const { thresholds: _omitted, ...withoutThresholds } = executionRequest();
    const byConfig = await completed(await start('/v2/canaries/canary', { canaryConfig: config, executionRequest: withoutThresholds }));
    assert.equal(byConfig.result.judgeResult.score.score, 50);
    assert.equal(byConfig.result.judgeResult.score.classification, 'Pass');
    const byRequest = await completed(await start('/v2/canaries/canary', { canaryConfig: config, executionRequest: executionRequest() }));
    assert.equal(byRequest.result.judgeResult.score.classification, 'Marginal');
  });

  test('while no worker runs it: 200 with complete false and status running', async () => {
    const id = await start('/v2/canaries/canary', { canaryConfig: canaryConfig('latency', []), executionRequest: executionRequest() }, idle);
    const res = await idle.request('GET', `/v2/canaries/canary/${id}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.complete, false);
    assert.equal(res.body.status, 'running');
    assert.equal(res.body.executionStatus, 'RUNNING');
    assert.equal(res.body.result, undefined);
    assert.equal(res.body.config.name, 'latency', 'read from the start input');

    await idle.temporal.workflow.getHandle(id).terminate('test cleanup');
    const ended = await idle.request('GET', `/v2/canaries/canary/${id}`);
    assert.equal(ended.body.complete, true);
    assert.equal(ended.body.status, 'canceled');
    assert.equal(ended.body.exception.details.error, 'test cleanup');
  });

  test('an unknown metrics account: complete, terminal, and the exception says why', async () => {
    const id = await start('/v2/canaries/canary?metricsAccountName=nowhere', { canaryConfig: canaryConfig('latency', []), executionRequest: executionRequest() });
    const status = await completed(id);
    assert.equal(status.status, 'terminal');
    assert.equal(status.executionStatus, 'TERMINAL');
    assert.equal(status.result, undefined);
    assert.equal(status.exception.exceptionType, 'MetricsAccountNotFound');
    assert.match(status.exception.details.error, /metrics account 'nowhere' is not configured \(configured: synthetic \(synthetic\)\)/);
    assert.equal(status.metricsAccountName, 'nowhere');
  });

  test('an invalid request: 400 listing every problem with its JSON path', async () => {
    const res = await api.request('POST', '/v2/canaries/canary', {
      canaryConfig: { ...canaryConfig('latency', []), metrics: [{ name: 'latency' }] },
      executionRequest: executionRequest({
        control: { start: 'yesterday', step: 0 },
        experiment: { end: '2025-12-31T00:00:00Z', scope: '' },
        thresholds: { pass: 50, marginal: 75 },
      }),
    });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.errors.map((e: { path: string }) => e.path).sort(), [
      'canaryConfig.metrics[0].query',
      'executionRequest.scopes.default.controlScope.start',
      'executionRequest.scopes.default.controlScope.step',
      'executionRequest.scopes.default.experimentScope.end',
      'executionRequest.scopes.default.experimentScope.scope',
      'executionRequest.thresholds.marginal',
    ]);

    const missing = await api.request('POST', '/v2/canaries/canary', {});
    assert.deepEqual(missing.body.errors.map((e: { path: string }) => e.path).sort(), ['canaryConfig', 'executionRequest']);
    const both = await api.request('POST', '/v2/canaries/canary', { canaryConfig: canaryConfig('x', []), canaryConfigId: 'x', executionRequest: executionRequest() });
    assert.deepEqual(both.body.errors, [{ path: 'canaryConfigId', message: 'give either canaryConfig or canaryConfigId, not both' }]);
    const noScopes = await api.request('POST', '/v2/canaries/canary', { canaryConfig: canaryConfig('x', []), executionRequest: { scopes: {} } });
    assert.deepEqual(noScopes.body.errors.map((e: { path: string }) => e.path), ['executionRequest.scopes']);
  });

  test("a metric reading a scope the request does not define is a 400 before anything runs", async () => {
    const config = canaryConfig('latency', []);
    config.metrics[0].scopeName = 'canary-region';
    const res = await api.request('POST', '/v2/canaries/canary', { canaryConfig: config, executionRequest: executionRequest() });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.errors, [
      { path: 'canaryConfig.metrics[0].scopeName', message: "metric 'latency' reads scope 'canary-region', but executionRequest.scopes defines 'default'" },
    ]);
  });

  test('unknown ids: 404 for the config and for the execution, also for a pipeline execution id', async () => {
    const unknownConfig = await api.request('POST', '/v2/canaries/canary', { canaryConfigId: 'no-such-config', executionRequest: executionRequest() });
    assert.equal(unknownConfig.status, 404);
    assert.match(unknownConfig.body.message, /canary config 'no-such-config' not found/);
    assert.equal((await api.request('POST', '/v2/canaries/canary/no-such-config', executionRequest())).status, 404);
    assert.equal((await api.request('GET', `/v2/canaries/canary/${uniqueName('none')}`)).status, 404);

    const pipeline = await startPipeline(worker.client, worker.taskQueue, pipelineConfig([{ refId: '1', type: 'wait', name: 'w', waitTime: 0 }]));
    await pipeline.result();
    assert.equal((await api.request('GET', `/v2/canaries/canary/${pipeline.workflowId}`)).status, 404);
  });

  test('the window may also be given in epoch milliseconds', async () => {
    const ms = { start: Date.parse(WINDOW.start), end: Date.parse(WINDOW.start) + 30_000 };
    const request = executionRequest({ control: ms, experiment: ms });
    const status = await completed(await start('/v2/canaries/canary', { canaryConfig: canaryConfig('latency', []), executionRequest: request }));
    assert.equal(status.result.canaryDuration, 'PT30S');
    assert.equal(status.result.judgeResult.results[0].experimentMetadata.stats.count, 31);
  });

  test('no request above logged an internal error', () => {
    assert.deepEqual(api.loggedErrors, []);
    assert.deepEqual(idle.loggedErrors, []);
  });
});
