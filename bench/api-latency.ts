/**
 * API latency under concurrent load (autocannon): GET /pipelines/{id} for a running execution
 * (answered by a workflow query) and a finished one (the workflow result), and saving a pipeline
 * (a transaction that appends a version), against GET /version (no I/O) as the same-run baseline.
 *   npx tsx bench/api-latency.ts [seconds=10] [connections=10]
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createTestDatabase } from '../scripts/lib/test-database';
import { freePort, stopProcess, waitForPort } from '../scripts/lib/processes';
import { startBenchEnv } from './lib/harness';

const root = join(__dirname, '..');

async function main(): Promise<void> {
  const duration = Number(process.argv[2] ?? 10);
  const connections = Number(process.argv[3] ?? 10);
  const env = await startBenchEnv();
  const database = await createTestDatabase();
  const port = await freePort();
  const api = spawn(process.execPath, ['--import', 'tsx', join(root, 'api', 'server.ts')], {
    env: { ...process.env, PORT: String(port), DATABASE_URL: database.url, TEMPORAL_ADDRESS: env.server.address, TEMPORAL_TASK_QUEUE: env.taskQueue },
    stdio: 'ignore',
  });
  await waitForPort(port, 60_000);
  const base = `http://127.0.0.1:${port}`;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: res.status, body: (await res.json()) as any };
  };
  await call('POST', '/tasks', { job: [{ type: 'createApplication', application: { name: 'bench', email: 'bench@example.com' } }], application: 'bench' });
  const pipeline = {
    application: 'bench',
    name: 'latency',
    stages: [
      { refId: '1', type: 'wait', name: 'Wait', waitTime: 0 },
      { refId: '2', type: 'manualJudgment', name: 'Approve', requisiteStageRefIds: ['1'] },
    ],
  };
  await call('POST', '/pipelines', pipeline);
  const done = { ...pipeline, name: 'finished', stages: [pipeline.stages[0]] };
  await call('POST', '/pipelines', done);
  const running = (await call('POST', '/pipelines/bench/latency', { type: 'manual' })).body.ref as string;
  const finished = (await call('POST', '/pipelines/bench/finished', { type: 'manual' })).body.ref as string;
  for (;;) {
    const [r, f] = await Promise.all([call('GET', running), call('GET', finished)]);
    if (r.body.stages?.[1]?.status === 'RUNNING' && f.body.status === 'SUCCEEDED') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const load = async (title: string, path: string, opts: Partial<autocannon.Options> = {}) => {
    const result = await autocannon({ url: `${base}${path}`, duration, connections, ...opts });
    const non2xx = result.non2xx + result.errors;
    console.log(
      `  ${title.padEnd(36)} p50 ${String(result.latency.p50).padStart(4)} ms  p99 ${String(result.latency.p99).padStart(4)} ms  ${result.requests.average.toFixed(0).padStart(5)} req/s${non2xx ? `  (${non2xx} non-2xx/errors)` : ''}`,
    );
    return result;
  };
  console.log(`API latency, ${connections} connections, ${duration} s each`);
  const baseline = await load('GET /version (baseline)', '/version');
  const q = await load('GET /pipelines/{id} running (query)', running);
  const r = await load('GET /pipelines/{id} finished (result)', finished);
  const s = await load('POST /pipelines (save + version)', '/pipelines', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...pipeline, name: 'saved-under-load' }),
  });
  const ratio = (x: autocannon.Result) => (x.latency.p50 / Math.max(baseline.latency.p50, 1)).toFixed(1);
  console.log(`  p50 ratio to baseline: query ${ratio(q)}x, result ${ratio(r)}x, save ${ratio(s)}x`);

  await stopProcess(api);
  await database.drop();
  await env.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
