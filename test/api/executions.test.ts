import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PipelineExecution, StageExecution } from '../../workflows/model/execution';
import { startTestWorker, type TestWorker } from '../helpers/worker';
import { type ApiHarness, eventually, startApi, uniqueName } from './support/harness';
import { judgmentPipeline } from './support/pipelines';

const stage = (execution: PipelineExecution, name: string): StageExecution => {
  const found = execution.stages.find((s) => s.name === name);
  assert.ok(found, `no stage ${name}`);
  return found;
};

describe('executions with a worker', () => {
  let worker: TestWorker;
  let api: ApiHarness;
  const app = uniqueName('exec');
  let configId: string;

  async function start(body: unknown, headers: Record<string, string> = {}, name = 'deploy') {
    return api.request('POST', `/pipelines/${app}/${name}`, body, headers);
  }

  async function read(id: string): Promise<PipelineExecution> {
    const res = await api.request<PipelineExecution>('GET', `/pipelines/${id}`);
    assert.equal(res.status, 200);
    return res.body;
  }

  /** Waits until the named stage has `status`. */
  function stageReaches(id: string, name: string, status: string) {
    return eventually(async () => {
      const execution = await read(id);
      return stage(execution, name).status === status ? execution : undefined;
    }, `${name} ${status}`);
  }

  before(async () => {
    worker = await startTestWorker();
    api = await startApi({ taskQueue: worker.taskQueue });
    const saved = await api.request('POST', '/pipelines', judgmentPipeline(app, 'deploy'));
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    configId = saved.body.id;
  });
  after(async () => {
    await api.close();
    await worker.shutdown();
  });

  let approved: string;
  let canceled: string;

  test('start: 202 with a ref; defaults applied; the document is in Orca shape', async () => {
    const res = await start({ type: 'manual', parameters: { env: 'staging' }, user: 'alice' });
    assert.equal(res.status, 202);
    assert.match(res.contentType ?? '', /^application\/json/);
    const match = /^\/pipelines\/(.+)$/.exec(res.body.ref);
    assert.ok(match);
    approved = match[1];

    const execution = await read(approved);
    assert.equal(execution.id, approved);
    assert.equal(execution.application, app);
    assert.equal(execution.name, 'deploy');
    assert.equal(execution.pipelineConfigId, configId);
    assert.equal(execution.trigger.type, 'manual');
    assert.equal(execution.trigger.user, 'alice');
    assert.deepEqual(execution.trigger.parameters, { env: 'staging', note: 'none' });
    assert.deepEqual(
      execution.stages.map((s) => [s.refId, s.type, s.name, s.requisiteStageRefIds]),
      [
        ['1', 'wait', 'Bake', []],
        ['2', 'manualJudgment', 'Approve', ['1']],
        ['3', 'wait', 'Soak', ['2']],
      ],
    );
  });

  test('the same idempotency key answers the same execution; another key starts another', async () => {
    const key = uniqueName('key');
    const first = await start({ parameters: { env: 'prod' } }, { 'Idempotency-Key': key });
    const retry = await start({ parameters: { env: 'prod' } }, { 'Idempotency-Key': key });
    const viaBody = await start({ parameters: { env: 'prod' }, idempotencyKey: key });
    assert.equal(first.status, 202);
    assert.equal(retry.status, 202);
    assert.equal(retry.body.ref, first.body.ref);
    assert.equal(viaBody.body.ref, first.body.ref);
    const other = await start({ parameters: { env: 'prod' } }, { 'Idempotency-Key': uniqueName('key') });
    assert.notEqual(other.body.ref, first.body.ref);
    canceled = first.body.ref.split('/')[2];
    await api.request('PUT', `/pipelines/${other.body.ref.split('/')[2]}/cancel`);
  });

  test('missing or invalid parameters are a 400 and start nothing', async () => {
    const before = await api.request('GET', `/executions?pipelineConfigIds=${configId}&limit=100`);
    const missing = await start({ type: 'manual' });
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.body.errors.map((e: { path: string }) => e.path), ['parameters.env']);
    const badOption = await start({ parameters: { env: 'moon' } });
    assert.equal(badOption.status, 400);
    assert.equal(badOption.body.errors[0].path, 'parameters.env');
    const after = await api.request('GET', `/executions?pipelineConfigIds=${configId}&limit=100`);
    assert.equal(after.body.length, before.body.length);
  });

  test('wrong types in the trigger are a 400 listing each', async () => {
    const res = await start({ type: 'cron', parameters: 'env=prod', user: 5 });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.errors.map((e: { path: string }) => e.path).sort(), ['parameters', 'type', 'user']);
    const badKey = await start({ parameters: { env: 'prod' } }, { 'Idempotency-Key': 'k'.repeat(300) });
    assert.equal(badKey.status, 400);
  });

  test('unknown pipeline is a 404; a disabled one is a 400', async () => {
    assert.equal((await start({}, {}, 'nope')).status, 404);
    await api.request('POST', '/pipelines', { ...judgmentPipeline(app, 'off'), disabled: true });
    const res = await start({ parameters: { env: 'prod' } }, {}, 'off');
    assert.equal(res.status, 400);
    assert.match(res.body.message, /disabled/);
  });

  test('v2 path, and the pipeline named by its id', async () => {
    const res = await api.request('POST', `/pipelines/v2/${app}/${configId}`, { parameters: { env: 'prod' } });
    assert.equal(res.status, 202);
    await api.request('PUT', `${res.body.ref}/cancel`);
  });

  test('judgment: rejected patches are 4xx and change nothing; continue moves on', async () => {
    const waiting = await stageReaches(approved, 'Approve', 'RUNNING');
    const approve = stage(waiting, 'Approve');

    const unknownStage = await api.request('PATCH', `/pipelines/${approved}/stages/nope`, { judgmentStatus: 'continue' });
    assert.equal(unknownStage.status, 409);
    assert.match(unknownStage.body.message, /nope/);
    const badInput = await api.request('PATCH', `/pipelines/${approved}/stages/${approve.id}`, {
      judgmentStatus: 'continue',
      judgmentInput: 'bogus',
    });
    assert.equal(badInput.status, 409);
    assert.match(badInput.body.message, /bogus/);
    const badStatus = await api.request('PATCH', `/pipelines/${approved}/stages/${approve.id}`, { judgmentStatus: 'maybe' });
    assert.equal(badStatus.status, 400);
    assert.equal(badStatus.body.errors[0].path, 'judgmentStatus');
    const nothing = await api.request('PATCH', `/pipelines/${approved}/stages/${approve.id}`, { comment: 'hi' });
    assert.equal(nothing.status, 400);
    assert.equal(stage(await read(approved), 'Approve').context.judgmentStatus, undefined);

    const ok = await api.request('PATCH', `/pipelines/${approved}/stages/${approve.id}`, {
      judgmentStatus: 'continue',
      judgmentInput: 'ship',
      comment: 'looks good',
      user: 'bob',
    });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.id, approved);
    const judged = stage(ok.body, 'Approve');
    assert.equal(judged.context.judgmentStatus, 'continue');
    assert.equal(judged.context.judgmentInput, 'ship');
    assert.equal(judged.context.judgedBy, 'bob');
    await stageReaches(approved, 'Soak', 'RUNNING');
  });

  test('pause and resume answer the execution; a second pause or resume is a 409', async () => {
    const paused = await api.request('PUT', `/pipelines/${approved}/pause`);
    assert.equal(paused.status, 200);
    assert.equal(paused.body.status, 'PAUSED');
    assert.equal((await api.request('PUT', `/pipelines/${approved}/pause`)).status, 409);
    const resumed = await api.request('PUT', `/pipelines/${approved}/resume`);
    assert.equal(resumed.status, 200);
    assert.equal(resumed.body.status, 'RUNNING');
    assert.equal((await api.request('PUT', `/pipelines/${approved}/resume`)).status, 409);
  });

  test('skipRemainingWait ends the wait; the execution succeeds', async () => {
    const running = await read(approved);
    const soak = stage(running, 'Soak');
    const res = await api.request('PATCH', `/pipelines/${approved}/stages/${soak.id}`, { skipRemainingWait: true });
    assert.equal(res.status, 200);
    await eventually(async () => ((await read(approved)).status === 'SUCCEEDED' ? true : undefined), 'SUCCEEDED');
    const done = await read(approved);
    assert.ok(done.endTime && done.startTime && done.endTime >= done.startTime);
  });

  test("cancel with spin's literal {application} segment and a reason", async () => {
    const res = await api.request('PUT', `/applications/%7Bapplication%7D/pipelines/${canceled}/cancel?reason=not%20today`);
    assert.equal(res.status, 200);
    assert.equal(res.body.canceled, true);
    const done = await eventually(async () => {
      const execution = await read(canceled);
      return execution.status === 'CANCELED' ? execution : undefined;
    }, 'CANCELED');
    assert.equal(done.cancellationReason, 'not today');
  });

  test('actions on a finished execution: cancel answers it unchanged, pause and patch are 409', async () => {
    const again = await api.request('PUT', `/pipelines/${canceled}/cancel`);
    assert.equal(again.status, 200);
    assert.equal(again.body.status, 'CANCELED');
    assert.equal((await api.request('PUT', `/pipelines/${approved}/pause`)).status, 409);
    const patch = await api.request('PATCH', `/pipelines/${approved}/stages/2`, { judgmentStatus: 'stop' });
    assert.equal(patch.status, 409);
  });

  test('listing: newest first, statuses filter (empty = none), limit per config, by ids', async () => {
    const all = await eventually(async () => {
      const res = await api.request('GET', `/applications/${app}/pipelines?statuses=&limit=50`);
      return res.body.length >= 4 ? res.body : undefined;
    }, 'executions listed');
    const times = all.map((e: PipelineExecution) => e.buildTime);
    assert.deepEqual(times, [...times].sort((a, b) => b - a));
    assert.ok(all.some((e: PipelineExecution) => e.id === approved));

    const succeeded = await api.request('GET', `/applications/${app}/pipelines?statuses=SUCCEEDED`);
    assert.deepEqual(succeeded.body.map((e: PipelineExecution) => e.id), [approved]);
    const canceledOnly = await api.request('GET', `/applications/${app}/pipelines?statuses=canceled&limit=50`);
    assert.ok(canceledOnly.body.every((e: PipelineExecution) => e.status === 'CANCELED'));
    assert.ok(canceledOnly.body.some((e: PipelineExecution) => e.id === canceled));

    const latest = await api.request('GET', `/executions?pipelineConfigIds=${configId}`);
    assert.equal(latest.body.length, 1);
    assert.equal(latest.body[0].id, all[0].id);
    const two = await api.request('GET', `/executions?pipelineConfigIds=${configId}&limit=2&statuses=`);
    assert.deepEqual(two.body.map((e: PipelineExecution) => e.id), all.slice(0, 2).map((e: PipelineExecution) => e.id));

    const byIds = await api.request('GET', `/executions?executionIds=${approved},${canceled},unknown-id&limit=1`);
    assert.deepEqual(new Set(byIds.body.map((e: PipelineExecution) => e.id)), new Set([approved, canceled]));
    assert.deepEqual((await api.request('GET', '/executions')).body, []);
    assert.equal((await api.request('GET', `/executions?pipelineConfigIds=${configId}&statuses=DONE`)).status, 400);
    assert.equal((await api.request('GET', `/applications/${app}/pipelines?limit=0`)).status, 400);
  });

  test('unknown execution: 404 for read, actions and judgment', async () => {
    const id = uniqueName('missing');
    assert.equal((await api.request('GET', `/pipelines/${id}`)).status, 404);
    assert.equal((await api.request('PUT', `/pipelines/${id}/cancel`)).status, 404);
    assert.equal((await api.request('PUT', `/pipelines/${id}/pause`)).status, 404);
    assert.equal((await api.request('PUT', `/pipelines/${id}/resume`)).status, 404);
    const patch = await api.request('PATCH', `/pipelines/${id}/stages/1`, { judgmentStatus: 'continue' });
    assert.equal(patch.status, 404);
    assert.equal(patch.body.error, 'Not Found');
  });

  test('no client mistake above logged an internal error', () => {
    assert.deepEqual(api.loggedErrors, []);
  });
});
