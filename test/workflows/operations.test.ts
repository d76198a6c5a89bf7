import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cancelUpdate, pauseUpdate, patchStageUpdate, resumeUpdate } from '../../workflows/messages';
import { assertUpdateRejected, pipelineConfig, result, stage, startPipeline, statuses, waitForExecution, waitForStageRunning } from '../helpers/pipelines';
import { startTestWorker, type TestWorker } from '../helpers/worker';

let worker: TestWorker;
before(async () => {
  worker = await startTestWorker();
});
after(async () => {
  await worker.shutdown();
});

const wait = (refId: string, seconds: number, requisiteStageRefIds: string[] = []) => ({
  refId,
  type: 'wait',
  name: `wait ${refId}`,
  waitTime: seconds,
  requisiteStageRefIds,
});

describe('operations on a running execution', () => {
  it('cancel with a reason: running stages end CANCELED, later ones never start', async () => {
    const handle = await startPipeline(worker.client, worker.taskQueue, pipelineConfig([wait('1', 600), wait('2', 600), wait('3', 0, ['1', '2'])]));
    await waitForExecution(handle, (e) => e.stages.filter((s) => s.status === 'RUNNING').length === 2);
    await handle.executeUpdate(cancelUpdate, { args: [{ reason: 'bad build', user: 'alice' }] });
    const done = await result(handle);
    assert.equal(done.status, 'CANCELED');
    assert.equal(done.canceled, true);
    assert.equal(done.cancellationReason, 'bad build');
    assert.equal(done.canceledBy, 'alice');
    assert.deepEqual(statuses(done), { '1': 'CANCELED', '2': 'CANCELED', '3': 'NOT_STARTED' });
    await assertUpdateRejected(handle.executeUpdate(cancelUpdate, { args: [{}] }), /already CANCELED|already completed/);
  });

  it('a Temporal cancellation request also ends the execution CANCELED with a readable result', async () => {
    const handle = await startPipeline(worker.client, worker.taskQueue, pipelineConfig([wait('1', 600)]));
    await waitForStageRunning(handle, '1');
    await handle.cancel();
    const done = await result(handle);
    assert.equal(done.status, 'CANCELED');
    assert.equal(stage(done, '1').status, 'CANCELED');
  });

  it('pause: no new stage starts until resume', async () => {
    const handle = await startPipeline(worker.client, worker.taskQueue, pipelineConfig([wait('1', 3), wait('2', 0, ['1'])]));
    await waitForStageRunning(handle, '1');
    const paused = await handle.executeUpdate(pauseUpdate, { args: [{ user: 'ops' }] });
    assert.equal(paused.status, 'PAUSED');
    // Stage 1 (3 s, ample time for the pause to land first) finishes while paused; stage 2 must not start.
    const held = await waitForExecution(handle, (e) => stage(e, '1').status === 'SUCCEEDED');
    assert.equal(held.status, 'PAUSED');
    assert.equal(stage(held, '2').status, 'NOT_STARTED');
    await assertUpdateRejected(handle.executeUpdate(pauseUpdate, { args: [{}] }), /only a RUNNING execution/);
    const resumed = await handle.executeUpdate(resumeUpdate, { args: [{ user: 'ops' }] });
    assert.equal(resumed.status, 'RUNNING');
    const done = await result(handle);
    assert.equal(done.status, 'SUCCEEDED');
    assert.ok(stage(done, '2').startTime! >= done.paused!.resumeTime!);
    assert.ok(done.paused!.pausedMs > 0);
  });

  it('skipRemainingWait ends a long wait at once', async () => {
    const handle = await startPipeline(worker.client, worker.taskQueue, pipelineConfig([wait('1', 3600)]));
    await waitForStageRunning(handle, '1');
    await handle.executeUpdate(patchStageUpdate, { args: [{ stage: '1', skipRemainingWait: true, user: 'ops' }] });
    const done = await result(handle);
    assert.equal(done.status, 'SUCCEEDED');
    assert.equal(stage(done, '1').outputs.skippedRemainingWait, true);
  });
});
