/**
 * Measures Temporal's size limits on a private dev server and the largest execution document
 * Gennaker's engine accepts (see BENCHMARKS.md, "Execution size limits").
 *
 *   npx tsx bench/document-limits.ts
 *   BENCH_TEMPORAL_ADDRESS=127.0.0.1:17233 npx tsx bench/document-limits.ts   # an existing server
 *                                                                            # (e.g. a production one on PostgreSQL)
 *
 * Each limit is found by bisection (to 4 KiB) between a size that works and one that does not;
 * the message of the first refusal is printed. A payload of N characters is N + 2 bytes of JSON.
 */
import { Client, Connection, WorkflowHandle } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { createActivities } from '../activities';
import { startDevServer } from '../scripts/lib/temporal-server';
import { waitForTemporal } from '../scripts/lib/temporal-ready';
import type { PipelineExecution } from '../workflows/model/execution';
import { formatBytes, jsonBytes, MAX_DOCUMENT_BYTES, MAX_STAGE_BYTES, MAX_START_INPUT_BYTES } from '../workflows/model/limits';
import type { PipelineWorkflowInput } from '../workflows/model/workflow-input';
import { blobSignal, finishSignal, sizedQuery, sizedUpdate } from './lib/size-workflows';

const KiB = 1024;
const MiB = 1024 * KiB;
const taskQueue = 'limits';

/** The largest size in [ok, bad) for which `works` holds, to `step` bytes; with the first refusal's message. */
async function bisect(ok: number, bad: number, works: (size: number) => Promise<string | undefined>, step = 4 * KiB) {
  let refusal = '';
  while (bad - ok > step) {
    const mid = Math.floor((ok + bad) / 2);
    const problem = await works(mid);
    if (problem === undefined) ok = mid;
    else {
      bad = mid;
      refusal ||= problem;
    }
  }
  return { largest: `${formatBytes(ok)} (${ok} bytes)`, refusal: refusal.replace(/\s+/g, ' ').slice(0, 200) };
}

const message = (err: unknown) => (err as { cause?: Error }).cause?.message ?? (err as Error).message;

async function main() {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const existing = process.env.BENCH_TEMPORAL_ADDRESS;
  const server = existing
    ? { address: existing, label: `existing server at ${existing}`, stop: async () => undefined }
    : { ...(await startDevServer({ headless: true })), label: 'dev server (in memory)' };
  await waitForTemporal(server.address, 'default', 60_000);
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('./lib/size-workflows'), logger: new DefaultLogger('ERROR') });
  const worker = await Worker.create({
    connection: await NativeConnection.connect({ address: server.address }),
    taskQueue,
    workflowBundle: { code },
    activities: createActivities({ pipelineConfigs: { getPipelineConfigById: async () => null }, webhook: { allowLinkLocal: false } }),
  });
  const running = worker.run();
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });
  const start = (resultChars = 0, padding?: string) =>
    client.workflow.start('sizedWorkflow', { taskQueue, workflowId: `limits-${randomUUID()}`, args: padding === undefined ? [resultChars] : [resultChars, padding] });
  const end = (handle: WorkflowHandle) => handle.terminate('measured').catch(() => undefined);
  const rows: [string, string, string][] = [];

  // 1. A start input (one payload): the blob size limit, then gRPC's message size.
  const startInput = await bisect(MiB, 6 * MiB, async (size) => {
    try {
      await end(await start(0, 'p'.repeat(size)));
      return undefined;
    } catch (err) {
      return message(err);
    }
  });
  rows.push(['start input (workflow arguments)', startInput.largest, startInput.refusal]);
  const grpc = await bisect(2 * MiB, 8 * MiB, async (size) => {
    try {
      await end(await start(0, 'p'.repeat(size)));
      return undefined;
    } catch (err) {
      const text = message(err);
      return /larger than max|message too large|ResourceExhausted/i.test(text) ? text : undefined;
    }
  });
  rows.push(['one gRPC request (client → frontend)', grpc.largest, grpc.refusal]);

  // 2. A workflow result: over the limit the workflow task cannot complete.
  const result = await bisect(MiB, 6 * MiB, async (size) => {
    const handle = await start(size);
    await handle.signal(finishSignal);
    const deadline = Date.now() + 15_000;
    for (;;) {
      const { status } = await handle.describe();
      if (status.name === 'COMPLETED') return undefined;
      if (status.name !== 'RUNNING') return `workflow ${status.name}`;
      if (Date.now() > deadline) {
        await end(handle);
        return 'still RUNNING after 15 s (workflow task retried)';
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  });
  rows.push(['workflow result', result.largest, result.refusal]);

  // 3. A query answer and 4. an update result.
  const queried = await start();
  const query = await bisect(MiB, 8 * MiB, async (size) => {
    try {
      await client.withDeadline(Date.now() + 15_000, () => queried.query(sizedQuery, size));
      return undefined;
    } catch (err) {
      return message(err);
    }
  });
  await end(queried);
  rows.push(['query answer', query.largest, query.refusal]);
  const update = await bisect(MiB, 6 * MiB, async (size) => {
    const handle = await start();
    try {
      await client.withDeadline(Date.now() + 15_000, () => handle.executeUpdate(sizedUpdate, { args: [size] }));
      return undefined;
    } catch (err) {
      return message(err);
    } finally {
      await end(handle);
    }
  });
  rows.push(['update result', update.largest, update.refusal]);

  // 5. History size: 1.5 MiB signals until the server ends the workflow.
  const filled = await start();
  let historyBytes = 0;
  let historyEnd = '';
  for (let i = 0; i < 60 && !historyEnd; i++) {
    try {
      await filled.signal(blobSignal, 's'.repeat(1.5 * MiB));
      historyBytes += 1.5 * MiB;
    } catch (err) {
      historyEnd = message(err);
    }
    const { status } = await filled.describe();
    if (status.name !== 'RUNNING') historyEnd ||= `workflow ${status.name} by the server`;
  }
  rows.push(['history of one run', `about ${formatBytes(historyBytes)} of signals`, historyEnd.slice(0, 200)]);
  await end(filled);

  // 6. The engine: stages one after another, each publishing an 80 KiB variable (copied from the
  // first by expression), until the document limit stops one.
  const stages = Array.from({ length: 20 }, (_, i) => ({
    refId: String(i + 1),
    type: 'evaluateVariables',
    name: `vars ${i + 1}`,
    requisiteStageRefIds: i ? [String(i)] : [],
    variables: [{ key: `v${i + 1}`, value: i ? '${v1}' : 'v'.repeat(80 * KiB) }],
  }));
  const input: PipelineWorkflowInput = {
    config: { id: randomUUID(), application: 'bench', name: 'limits', stages },
    trigger: { type: 'manual', user: 'bench', parameters: {} },
    buildTime: Date.now(),
  };
  const started = Date.now();
  const pipeline = await client.workflow.start('pipelineWorkflow', { taskQueue, workflowId: `limits-engine-${randomUUID()}`, args: [input] });
  const doc = (await pipeline.result()) as PipelineExecution;
  const failed = doc.stages.find((s) => s.status === 'TERMINAL');
  rows.push([
    'Gennaker execution document (engine)',
    `${formatBytes(jsonBytes(doc))} (limit ${formatBytes(MAX_DOCUMENT_BYTES)})`,
    `${doc.stages.filter((s) => s.status === 'SUCCEEDED').length} stages of 240 KiB each fitted; ${failed ? `stage ${failed.refId} failed: ${failed.exception?.details.error.slice(0, 120)}` : 'none failed'}; ${Date.now() - started} ms`,
  ]);

  process.stdout.write(`\nTemporal ${server.label}; engine limits: start input ${formatBytes(MAX_START_INPUT_BYTES)}, stage ${formatBytes(MAX_STAGE_BYTES)}, document ${formatBytes(MAX_DOCUMENT_BYTES)}\n\n`);
  process.stdout.write('| what | largest accepted | what happens above it |\n| --- | --- | --- |\n');
  for (const [what, size, above] of rows) process.stdout.write(`| ${what} | ${size} | ${above.replace(/\|/g, '\\|')} |\n`);

  worker.shutdown();
  await running;
  await client.connection.close();
  await server.stop();
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${String(err?.stack ?? err)}\n`);
    process.exit(1);
  },
);
