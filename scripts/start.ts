/**
 * Brings up the whole system for local use (`npm start`): the Temporal dev server with its Web UI
 * (persisted to .data/temporal.db), the database (embedded PGlite unless DATABASE_URL is set),
 * migrations, one worker and the API on port 8084. Ctrl-C stops all of it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { run, stopProcess, waitForPort } from './lib/processes';
import { startDevServer, type DevServer } from './lib/temporal-server';
import { waitForTemporal } from './lib/temporal-ready';

const root = join(__dirname, '..');
const children: ChildProcess[] = [];
let devServer: DevServer | undefined;

function startNode(name: string, script: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, script)], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter(Boolean)
      .map((line) => `[${name}] ${line}\n`)
      .join('');
  child.stdout!.on('data', (c) => process.stdout.write(prefix(c)));
  child.stderr!.on('data', (c) => process.stderr.write(prefix(c)));
  child.on('exit', (code, signal) => {
    if (!shuttingDown) {
      process.stderr.write(`[${name}] exited (${signal ?? code}); stopping everything\n`);
      void shutdown(1);
    }
  });
  children.push(child);
  return child;
}

/** Starts the embedded PGlite server and resolves with the URL it prints. */
function startEmbeddedDatabase(): Promise<string> {
  const child = startNode('db', 'scripts/embedded-db.ts', {});
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`embedded database did not start:\n${output}`)), 60_000);
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const url = /(postgres(?:ql)?:\/\/\S+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    });
  });
}

/**
 * The worker refuses webhooks to the API it runs beside: the API's listening address (every
 * address of this machine unless HOST narrows it) is added to the operator's own entries.
 */
function apiAddresses(port: number): string {
  const host = process.env.HOST?.trim() || '0.0.0.0';
  const own = `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
  return [process.env.GENNAKER_WEBHOOK_API_ADDRESSES, own].filter(Boolean).join(',');
}

let shuttingDown = false;
async function shutdown(code: number): Promise<never> {
  shuttingDown = true;
  process.stdout.write('\nstopping Gennaker...\n');
  // API and worker first, then the database and Temporal they depend on.
  for (const child of [...children].reverse()) await stopProcess(child);
  if (devServer) await devServer.stop();
  process.exit(code);
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  mkdirSync(join(root, '.data'), { recursive: true });

  const databaseUrl = process.env.DATABASE_URL ?? (await startEmbeddedDatabase());
  await run(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'migrate.ts')], { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl } });

  let temporalAddress = process.env.TEMPORAL_ADDRESS;
  let uiUrl = process.env.TEMPORAL_UI_URL ?? '(your Temporal Web UI)';
  if (!temporalAddress) {
    devServer = await startDevServer({
      dbFile: join(root, '.data', 'temporal.db'),
      port: Number(process.env.TEMPORAL_PORT ?? 7233),
      uiPort: Number(process.env.TEMPORAL_UI_PORT ?? 8233),
    });
    temporalAddress = devServer.address;
    uiUrl = devServer.uiUrl;
  }
  await waitForTemporal(temporalAddress, process.env.TEMPORAL_NAMESPACE ?? 'default', 60_000);

  const env = { DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporalAddress };
  const port = Number(process.env.PORT ?? 8084);
  startNode('worker', 'worker/main.ts', { ...env, GENNAKER_WEBHOOK_API_ADDRESSES: apiAddresses(port) });
  startNode('api', 'api/server.ts', env);
  await waitForPort(port, 60_000);

  process.stdout.write(
    [
      '',
      'Gennaker is up:',
      `  API            http://localhost:${port}   (spin: --gate-endpoint http://localhost:${port})`,
      `  Temporal UI    ${uiUrl}`,
      `  Temporal       ${temporalAddress}`,
      `  Database       ${databaseUrl.replace(/\/\/[^@/]*@/, '//')}`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

main().catch((err) => {
  process.stderr.write(`npm start failed: ${err instanceof Error ? err.message : String(err)}\n`);
  void shutdown(1);
});
