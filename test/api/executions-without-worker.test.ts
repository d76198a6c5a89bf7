import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PipelineExecution } from '../../workflows/model/execution';
import { type ApiHarness, eventually, startApi, uniqueName } from './support/harness';
import { judgmentPipeline } from './support/pipelines';

/**
 * Executions nobody works on (no worker polls the task queue) and runs that Temporal closed
 * abnormally: the API still answers from the start input and visibility, quickly.
 */
describe('executions without a worker', () => {
  let api: ApiHarness;
  const app = uniqueName('noworker');
  let id: string;

  before(async () => {
    api = await startApi({ updateTimeoutMs: 2_000 });
    const saved = await api.request('POST', '/pipelines', judgmentPipeline(app, 'deploy'));
    assert.equal(saved.status, 200);
    const started = await api.request('POST', `/pipelines/${app}/deploy`, { parameters: { env: 'prod' }, user: 'carol' });
    assert.equal(started.status, 202);
    id = started.body.ref.split('/')[2];
  });
  after(() => api.close());

  test('an execution no worker has started is answered from its start input, NOT_STARTED', async () => {
    const began = Date.now();
    const res = await api.request<PipelineExecution>('GET', `/pipelines/${id}`);
    assert.ok(Date.now() - began < 3_000, 'answered without waiting for a query deadline');
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'NOT_STARTED');
    assert.equal(res.body.application, app);
    assert.equal(res.body.trigger.user, 'carol');
    assert.deepEqual(res.body.trigger.parameters, { env: 'prod', note: 'none' });
    assert.deepEqual(
      res.body.stages.map((s) => [s.name, s.status]),
      [
        ['Bake', 'NOT_STARTED'],
        ['Approve', 'NOT_STARTED'],
        ['Soak', 'NOT_STARTED'],
      ],
    );
  });

  test('it is listed as NOT_STARTED for its application', async () => {
    const listed = await eventually(async () => {
      const res = await api.request('GET', `/applications/${app}/pipelines?statuses=NOT_STARTED`);
      return res.body.length === 1 ? res.body : undefined;
    }, 'listed');
    assert.equal(listed[0].id, id);
  });

  test('an update nobody answers is a 504, not a hang', async () => {
    const res = await api.request('PUT', `/pipelines/${id}/pause`);
    assert.equal(res.status, 504);
    assert.match(res.body.message, /worker/);
  });

  test('a run terminated in Temporal reads as CANCELED with the reason, and is listed so', async () => {
    await api.temporal.workflow.getHandle(id).terminate('operator pulled the plug');
    const res = await api.request<PipelineExecution>('GET', `/pipelines/${id}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'CANCELED');
    assert.equal(res.body.canceled, true);
    assert.equal(res.body.cancellationReason, 'operator pulled the plug');
    assert.ok(res.body.endTime);
    const listed = await eventually(async () => {
      const list = await api.request('GET', `/applications/${app}/pipelines?statuses=CANCELED`);
      return list.body.length === 1 ? list.body : undefined;
    }, 'listed as CANCELED');
    assert.equal(listed[0].id, id);
  });

  test('cancel of the closed run answers it; pause and judgment are 409', async () => {
    const cancel = await api.request('PUT', `/pipelines/${id}/cancel`);
    assert.equal(cancel.status, 200);
    assert.equal(cancel.body.status, 'CANCELED');
    assert.equal((await api.request('PUT', `/pipelines/${id}/resume`)).status, 409);
    assert.equal((await api.request('PATCH', `/pipelines/${id}/stages/2`, { judgmentStatus: 'continue' })).status, 409);
  });

  test('a workflow that is not a pipeline is not an execution', async () => {
    const other = uniqueName('other-workflow');
    await api.temporal.workflow.start('somethingElse', { taskQueue: uniqueName('tq'), workflowId: other });
    assert.equal((await api.request('GET', `/pipelines/${other}`)).status, 404);
    await api.temporal.workflow.getHandle(other).terminate();
  });

  test('no client mistake above logged an internal error', () => {
    assert.deepEqual(api.loggedErrors, []);
  });
});
