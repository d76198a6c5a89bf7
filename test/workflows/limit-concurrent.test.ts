import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { patchStageUpdate } from '../../workflows/messages';
import type { PipelineConfig } from '../../workflows/model/pipeline';
import type { PipelineWorkflowInput } from '../../workflows/model/workflow-input';
import { pipelineConfig, result, stage, waitForExecution, waitForStageRunning } from '../helpers/pipelines';
import { startTestWorker, type TestWorker } from '../helpers/worker';

let worker: TestWorker;
before(async () => {
  worker = await startTestWorker();
});
after(async () => {
  await worker.shutdown();
});

function start(config: PipelineConfig) {
  const input: PipelineWorkflowInput = { config, trigger: { type: 'manual', user: 'tester', parameters: {} }, buildTime: Date.now(), concurrencyCheckMs: 200 };
  return worker.client.workflow.start('pipelineWorkflow', { taskQueue: worker.taskQueue, workflowId: `lc-${randomUUID()}`, args: [input] });
}
const gated = (extra: Partial<PipelineConfig>) => pipelineConfig([{ refId: 'mj', type: 'manualJudgment', name: 'Gate' }], extra);
const approve = (handle: Awaited<ReturnType<typeof start>>) => handle.executeUpdate(patchStageUpdate, { args: [{ stage: 'mj', judgmentStatus: 'continue' }] });

describe('limitConcurrent', () => {
  it('queues a second execution NOT_STARTED until the first finishes', async () => {
    const config = gated({ limitConcurrent: true, keepWaitingPipelines: true });
    const first = await start(config);
    await waitForStageRunning(first, 'mj');
    const second = await start(config);
    const queued = await waitForExecution(second, () => true);
    assert.equal(queued.status, 'NOT_STARTED');
    // Still queued a while later, because the first one is running.
    const stillQueued = await waitForExecution(second, (e) => e.status === 'NOT_STARTED' && e.stages[0].status === 'NOT_STARTED');
    assert.equal(stillQueued.status, 'NOT_STARTED');
    await approve(first);
    assert.equal((await result(first)).status, 'SUCCEEDED');
    await waitForStageRunning(second, 'mj', 30_000);
    await approve(second);
    const done = await result(second);
    assert.equal(done.status, 'SUCCEEDED');
    assert.ok(done.startTime! >= (await result(first)).endTime!, 'the second started after the first ended');
  });

  it('without keepWaitingPipelines, a newer queued execution supersedes an older queued one', async () => {
    const config = gated({ limitConcurrent: true, keepWaitingPipelines: false });
    const running = await start(config);
    await waitForStageRunning(running, 'mj');
    const older = await start(config);
    await waitForExecution(older, (e) => e.status === 'NOT_STARTED');
    const newer = await start(config);
    const superseded = await result(older);
    assert.equal(superseded.status, 'CANCELED');
    assert.match(superseded.cancellationReason ?? '', /superseded by a newer execution/);
    assert.equal(stage(superseded, 'mj').status, 'NOT_STARTED');
    await approve(running);
    await waitForStageRunning(newer, 'mj', 30_000);
    await approve(newer);
    assert.equal((await result(newer)).status, 'SUCCEEDED');
  });

  it('without limitConcurrent, executions of the same pipeline run side by side', async () => {
    const config = gated({});
    const [a, b] = await Promise.all([start(config), start(config)]);
    await Promise.all([waitForStageRunning(a, 'mj'), waitForStageRunning(b, 'mj')]);
    await Promise.all([approve(a), approve(b)]);
    assert.deepEqual([(await result(a)).status, (await result(b)).status], ['SUCCEEDED', 'SUCCEEDED']);
  });
});
