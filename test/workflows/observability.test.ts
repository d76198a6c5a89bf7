import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { patchStageUpdate } from '../../workflows/messages';
import { SearchAttribute } from '../../workflows/model/workflow-input';
import { pipelineConfig, result, startPipeline, waitForStageRunning } from '../helpers/pipelines';
import { startTestWorker, type TestWorker } from '../helpers/worker';

let worker: TestWorker;
before(async () => {
  worker = await startTestWorker();
});
after(async () => {
  await worker.shutdown();
});

/** What the Web UI shows as "current details" (the SDK's built-in metadata query). */
async function currentDetails(handle: { query: (name: string) => Promise<unknown> }): Promise<string> {
  const metadata = (await handle.query('__temporal_workflow_metadata')) as { currentDetails?: string };
  return metadata.currentDetails ?? '';
}

async function pollUntil<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`not reached; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}

describe('what the Temporal Web UI shows', () => {
  it('current details say what the execution waits for; the status search attribute follows the execution', async () => {
    const config = pipelineConfig([{ refId: 'mj', type: 'manualJudgment', name: 'Approve prod', judgmentInputs: [{ value: 'yes' }] }]);
    const handle = await startPipeline(worker.client, worker.taskQueue, config);
    await waitForStageRunning(handle, 'mj');
    assert.equal(await currentDetails(handle), "Manual judgment 'Approve prod' awaiting continue/stop (inputs: yes)");
    const running = await pollUntil(() => handle.describe(), (d) => d.searchAttributes[SearchAttribute.status]?.[0] === 'RUNNING');
    assert.deepEqual(running.searchAttributes[SearchAttribute.status], ['RUNNING']);
    await handle.executeUpdate(patchStageUpdate, { args: [{ stage: 'mj', judgmentStatus: 'continue' }] });
    await result(handle);
    const done = await pollUntil(() => handle.describe(), (d) => d.searchAttributes[SearchAttribute.status]?.[0] === 'SUCCEEDED');
    assert.equal(done.status.name, 'COMPLETED');
  });
});
