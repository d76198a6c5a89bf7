import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActivities } from '../../activities';
import { startDevServer, type DevServer } from '../../scripts/lib/temporal-server';
import { waitForTemporal } from '../../scripts/lib/temporal-ready';

export interface BenchEnv {
  server: DevServer;
  client: Client;
  taskQueue: string;
  worker: Worker;
  close(): Promise<void>;
}

/** A private dev server (headless, temp db) and one in-process worker with the benchmark bundle. */
export async function startBenchEnv(tuning: { maxCachedWorkflows?: number } = {}): Promise<BenchEnv> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const dir = mkdtempSync(join(tmpdir(), 'gennaker-bench-'));
  // BENCH_TEMPORAL_DB=memory runs the dev server without its SQLite file (no fsync per write).
  const inMemory = process.env.BENCH_TEMPORAL_DB === 'memory';
  const server = await startDevServer({ dbFile: inMemory ? undefined : join(dir, 'temporal.db'), logFile: join(dir, 'temporal.log'), headless: true });
  await waitForTemporal(server.address, 'default', 60_000);
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('./workflows'), logger: new DefaultLogger('ERROR') });
  const taskQueue = 'bench';
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowBundle: { code },
    activities: createActivities({ pipelineConfigs: { getPipelineConfigById: async () => null }, webhook: { allowLinkLocal: false } }),
    ...tuning,
  });
  const running = worker.run();
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  return {
    server,
    client,
    taskQueue,
    worker,
    async close() {
      worker.shutdown();
      await running;
      await connection.close();
      await nativeConnection.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

export const ms = (v: number) => `${v.toFixed(1)} ms`;
