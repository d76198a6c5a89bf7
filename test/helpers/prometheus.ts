import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, closeSync, constants, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { randomUUID } from 'node:crypto';

/** A real Prometheus server started for a test file. */
export interface PrometheusServer {
  url: string;
  /** Polls an instant query until `accept` holds for its result vector; fails at the deadline. */
  waitFor(query: string, accept: (result: { metric: Record<string, string>; value: [number, string] }[]) => boolean, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** The Prometheus binary: `PROMETHEUS_BIN`, else `prometheus` on PATH. */
export function findPrometheus(): string {
  const fromEnv = process.env.PROMETHEUS_BIN;
  const candidates = fromEnv ? [fromEnv] : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'prometheus'));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not this one
    }
  }
  throw new Error(
    fromEnv
      ? `PROMETHEUS_BIN=${fromEnv} is not an executable file`
      : "Prometheus is not installed: run 'apt-get install prometheus' (or 'bash scripts/ensure-prometheus.sh'), or set PROMETHEUS_BIN to a prometheus binary",
  );
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Starts Prometheus scraping `targets` every `scrapeIntervalSeconds` (default 1), listening on a
 * free loopback port, with its data under the test run directory (`GENNAKER_TEST_RUN_DIR`) or a
 * temporary one. Resolves once `/-/ready` answers.
 */
export async function startPrometheus(options: { targets: string[]; scrapeIntervalSeconds?: number; readyTimeoutMs?: number }): Promise<PrometheusServer> {
  const binary = findPrometheus();
  const parent = process.env.GENNAKER_TEST_RUN_DIR;
  const dir = parent ? join(parent, `prometheus-${randomUUID().slice(0, 8)}`) : mkdtempSync(join(tmpdir(), 'gennaker-prometheus-'));
  mkdirSync(join(dir, 'data'), { recursive: true });
  const interval = `${options.scrapeIntervalSeconds ?? 1}s`;
  const config = [
    'global:',
    `  scrape_interval: ${interval}`,
    `  scrape_timeout: ${interval}`,
    `  evaluation_interval: ${interval}`,
    'scrape_configs:',
    '  - job_name: metrics-app',
    '    static_configs:',
    `      - targets: [${options.targets.map((t) => `'${t}'`).join(', ')}]`,
    '',
  ].join('\n');
  writeFileSync(join(dir, 'prometheus.yml'), config);

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = join(dir, 'prometheus.log');
  const log = openSync(logFile, 'a');
  const child = spawn(
    binary,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', log, log] },
  );
  closeSync(log);
  const logTail = () => readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');

  const stop = async () => {
    if (!exited(child)) {
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  for (;;) {
    if (exited(child)) throw new Error(`Prometheus exited during start-up (code ${child.exitCode}):\n${logTail()}`);
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Prometheus at ${url} was not ready within ${options.readyTimeoutMs ?? 30_000} ms:\n${logTail()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    url,
    stop,
    async waitFor(query, accept, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      let last = '';
      while (Date.now() < until) {
        const body = (await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`).then((r) => r.json(), () => undefined)) as
          | { data?: { result?: { metric: Record<string, string>; value: [number, string] }[] } }
          | undefined;
        const result = body?.data?.result ?? [];
        last = JSON.stringify(result);
        if (accept(result)) return;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`Prometheus query '${query}' did not reach the expected state within ${timeoutMs} ms; last result: ${last}`);
    },
  };
}
