import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startDevServer } from '../../scripts/lib/temporal-server';
import { waitForTemporal } from '../../scripts/lib/temporal-ready';
import { patchStageUpdate } from '../../workflows/messages';
import { connectClient } from '../helpers/client';
import { testEnv } from '../helpers/env';
import { pipelineConfig, result, startPipeline, statuses, waitForStageRunning } from '../helpers/pipelines';
import { startWorkerProcess } from '../helpers/worker-process';

describe('restarting the Temporal dev server', () => {
  it('keeps a pending execution (same db file), which then continues and finishes', async () => {
    const dbFile = join(testEnv().runDir, `restart-${randomUUID()}.db`);
    let server = await startDevServer({ dbFile, headless: true });
    const port = Number(server.address.split(':')[1]);
    await waitForTemporal(server.address, 'default', 60_000);
    const taskQueue = `server-restart-${randomUUID()}`;
    const worker = await startWorkerProcess(taskQueue, server.address);
    try {
      let client = await connectClient(server.address);
      const config = pipelineConfig([
        { refId: 'mj', type: 'manualJudgment', name: 'Approve' },
        { refId: 'w', type: 'wait', name: 'After', waitTime: 0, requisiteStageRefIds: ['mj'] },
      ]);
      const { workflowId } = await startPipeline(client, taskQueue, config);
      await waitForStageRunning(client.workflow.getHandle(workflowId), 'mj');
      await client.connection.close();

      await server.stop();
      server = await startDevServer({ dbFile, port, headless: true });
      await waitForTemporal(server.address, 'default', 60_000);

      client = await connectClient(server.address);
      const handle = client.workflow.getHandle(workflowId);
      await waitForStageRunning(handle, 'mj', 60_000);
      await handle.executeUpdate(patchStageUpdate, { args: [{ stage: 'mj', judgmentStatus: 'continue', user: 'alice' }] });
      const done = await result(handle);
      assert.deepEqual(statuses(done), { mj: 'SUCCEEDED', w: 'SUCCEEDED' });
      assert.equal(done.status, 'SUCCEEDED');
      await client.connection.close();
    } finally {
      await worker.stop();
      await server.stop();
    }
  });
});
