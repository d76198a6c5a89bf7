/**
 * Trigger figures against a real API process, Temporal dev server, worker and PostgreSQL:
 *  1. webhook → execution RUNNING: POST /webhooks/webhook/{source} until GET /pipelines/{id} says
 *     RUNNING, against a manual start (POST /pipelines/{app}/{name}) measured the same way;
 *  2. matching cost: deliveries at a fixed rate against N stored pipelines with triggers (webhook
 *     and git, distinct sources/repositories; each delivery matches one candidate's source but
 *     not its constraint, so it is answered without a start), against GET /version and a read of one
 *     stored config (one database query) at that rate.
 *
 *   npx tsx bench/trigger-latency.ts [runs=40] [pipelines=1000] [rate=100] [seconds=10]
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createTestDatabase } from '../scripts/lib/test-database';
import { freePort, stopProcess, waitForPort } from '../scripts/lib/processes';
import { percentile, startBenchEnv } from './lib/harness';

const root = join(__dirname, '..');

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 40);
  const pipelines = Number(process.argv[3] ?? 1000);
  const rate = Number(process.argv[4] ?? 100);
  const seconds = Number(process.argv[5] ?? 10);
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
  const stages = [{ refId: '1', type: 'wait', name: 'Hold', waitTime: 600 }];
  await call('POST', '/pipelines', { application: 'bench', name: 'manual', stages });
  await call('POST', '/pipelines', { application: 'bench', name: 'hooked', stages, triggers: [{ type: 'webhook', enabled: true, source: 'bench' }] });

  const untilRunning = async (ref: string) => {
    for (;;) {
      const res = await call('GET', ref);
      if (res.body.status === 'RUNNING') return;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  };
  const measure = async (start: (i: number) => Promise<string>) => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const ref = await start(i);
      await untilRunning(ref);
      times.push(performance.now() - t0);
      await call('PUT', `${ref}/cancel`);
    }
    return times;
  };
  const row = (title: string, times: number[]) =>
    console.log(`  ${title.padEnd(44)} p50 ${percentile(times, 50).toFixed(0).padStart(4)} ms  p99 ${percentile(times, 99).toFixed(0).padStart(4)} ms`);

  console.log(`start → RUNNING, ${runs} runs each (sequential)`);
  const manual = await measure(async () => (await call('POST', '/pipelines/bench/manual', { type: 'manual' })).body.ref);
  const webhook = await measure(async (i) => (await call('POST', '/webhooks/webhook/bench', { run: i, at: Date.now() })).body.executions[0].ref);
  row('manual start (baseline)', manual);
  row('webhook delivery', webhook);

  console.log(`saving ${pipelines} pipelines with a webhook and a git trigger each...`);
  for (let i = 0; i < pipelines; i++) {
    await call('POST', '/pipelines', {
      application: `app${i % 50}`,
      name: `p${i}`,
      stages,
      triggers: [
        { type: 'webhook', enabled: true, source: `source-${i}`, payloadConstraints: { 'repository.name': 'never' } },
        { type: 'git', enabled: true, source: 'github', project: `org${i}`, slug: 'repo', branch: 'release' },
      ],
    });
  }
  const load = async (title: string, requests: autocannon.Request[]) => {
    const result = await autocannon({ url: base, duration: seconds, connections: 10, overallRate: rate, requests });
    const bad = result.non2xx + result.errors;
    console.log(
      `  ${title.padEnd(44)} p50 ${String(result.latency.p50).padStart(4)} ms  p99 ${String(result.latency.p99).padStart(4)} ms  ${result.requests.average.toFixed(0)} req/s${bad ? `  (${bad} non-2xx/errors)` : ''}`,
    );
  };
  let n = 0;
  const json = { 'Content-Type': 'application/json' };
  console.log(`answer time at ${rate} deliveries/s for ${seconds} s, ${pipelines} pipelines stored`);
  await load('GET /version (baseline, no I/O)', [{ method: 'GET', path: '/version' }]);
  await load('GET one pipeline config (baseline, one query)', [{ method: 'GET', path: '/applications/app0/pipelineConfigs/p0' }]);
  await load('POST /webhooks/webhook/{source} (no match)', [
    {
      method: 'POST',
      headers: json,
      setupRequest: (req) => ({ ...req, path: `/webhooks/webhook/source-${n++ % pipelines}`, body: JSON.stringify({ repository: { name: 'x' }, n }) }),
    },
  ]);
  await load('POST /webhooks/git/github (branch mismatch)', [
    {
      method: 'POST',
      headers: { ...json, 'X-GitHub-Event': 'push' },
      setupRequest: (req) => ({
        ...req,
        path: '/webhooks/git/github',
        body: JSON.stringify({ ref: 'refs/heads/main', after: `${n++}`.padStart(40, '1'), repository: { name: 'repo', owner: { name: `org${n % pipelines}` } } }),
      }),
    },
  ]);

  await stopProcess(api);
  await database.drop();
  await env.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
