import type { Client } from '@temporalio/client';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startDevServer } from '../../scripts/lib/temporal-server';
import { waitForTemporal } from '../../scripts/lib/temporal-ready';
import type { StageConfig } from '../../workflows/model/pipeline';
import type { CanaryIntervalRecord } from '../../workflows/stages/canary/interval-record';
import { connectClient } from '../helpers/client';
import { testEnv } from '../helpers/env';
import { pipelineConfig, result, stage, startPipeline, statuses, waitForExecution } from '../helpers/pipelines';
import { startWorkerProcess } from '../helpers/worker-process';

/** A canary on the synthetic provider: three 3-second intervals, equal metrics (so it passes). */
function canary(): StageConfig {
  return {
    refId: 'canary',
    type: 'kayentaCanary',
    name: 'Canary analysis',
    canaryConfig: {
      inlineConfig: {
        name: 'restart-canary',
        judge: { name: 'NetflixACAJudge-v1.0' },
        metrics: [{ name: 'latency', query: { type: 'synthetic', mean: 100, sd: 10, seed: 'restart' }, groups: ['performance'], analysisConfigurations: { canary: { direction: 'increase' } } }],
        classifier: { groupWeights: { performance: 100 } },
      },
      scopes: [{ scopeName: 'default', controlScope: 'baseline', experimentScope: 'canary', step: 0.1 }],
      scoreThresholds: { pass: 75, marginal: 50 },
      lifetimeDuration: 'PT9S',
      canaryAnalysisIntervalMins: 3 / 60,
    },
  };
}

const records = (e: Parameters<typeof stage>[0]) => (stage(e, 'canary').context.intervalStageResults ?? []) as CanaryIntervalRecord[];

/** Every interval judged exactly once, in order: none lost, none repeated. */
function assertIntervalsOnce(done: Parameters<typeof stage>[0]): void {
  const names = records(done).map((r) => r.name);
  assert.deepEqual(names, ['Run Canary #1', 'Run Canary #2', 'Run Canary #3']);
  assert.deepEqual(stage(done, 'canary').outputs.canaryScores, [100, 100, 100]);
}

let client: Client;
before(async () => {
  client = await connectClient();
});
after(async () => {
  await client.connection.close();
});

describe('a canary running for a long time survives restarts', () => {
  it('a worker killed (SIGKILL) while the canary waits for its next interval', async () => {
    const taskQueue = `canary-restart-${randomUUID()}`;
    const first = await startWorkerProcess(taskQueue);
    const handle = await startPipeline(client, taskQueue, pipelineConfig([canary()]));
    await waitForExecution(handle, (e) => records(e).length === 1, 30_000);
    await first.kill();
    const second = await startWorkerProcess(taskQueue);
    try {
      const done = await result(handle);
      assert.deepEqual(statuses(done), { canary: 'SUCCEEDED' });
      assertIntervalsOnce(done);
    } finally {
      await second.stop();
    }
  });

  it('the Temporal dev server restarted from its db file in the middle of the canary', async () => {
    const dbFile = join(testEnv().runDir, `canary-restart-${randomUUID()}.db`);
    let server = await startDevServer({ dbFile, headless: true });
    const port = Number(server.address.split(':')[1]);
    await waitForTemporal(server.address, 'default', 60_000);
    const taskQueue = `canary-server-${randomUUID()}`;
    const worker = await startWorkerProcess(taskQueue, server.address);
    try {
      let own = await connectClient(server.address);
      const { workflowId } = await startPipeline(own, taskQueue, pipelineConfig([canary()]));
      await waitForExecution(own.workflow.getHandle(workflowId), (e) => records(e).length === 1, 30_000);
      await own.connection.close();
      await server.stop();
      server = await startDevServer({ dbFile, port, headless: true });
      await waitForTemporal(server.address, 'default', 60_000);
      own = await connectClient(server.address);
      const done = await result(own.workflow.getHandle(workflowId));
      assert.deepEqual(statuses(done), { canary: 'SUCCEEDED' });
      assertIntervalsOnce(done);
      await own.connection.close();
    } finally {
      await worker.stop();
      await server.stop();
    }
  });
});
