import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, run, stopProcess, waitForPort } from './processes';

const root = join(__dirname, '..', '..');

export interface DevServer {
  address: string;
  /** The Temporal CLI binary that runs it. */
  cli: string;
  uiUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Path of the Temporal CLI, building it once if needed (see scripts/ensure-temporal-cli.sh). */
export async function temporalCliPath(): Promise<string> {
  const path = (await run('bash', [join(root, 'scripts', 'ensure-temporal-cli.sh')])).trim().split('\n').pop() ?? '';
  if (!path) throw new Error('scripts/ensure-temporal-cli.sh printed no Temporal CLI path');
  return path;
}

/**
 * Starts `temporal server start-dev` with Gennaker's search attributes, on free ports unless given,
 * persisted to `dbFile` (in memory without one), and resolves once the frontend accepts connections.
 */
export async function startDevServer(options: { dbFile?: string; logFile?: string; port?: number; uiPort?: number; headless?: boolean }): Promise<DevServer> {
  const cli = await temporalCliPath();
  const port = options.port ?? (await freePort());
  const uiPort = options.uiPort ?? (await freePort());
  const extra = (await run('bash', [join(root, 'scripts', 'temporal-args.sh')])).trim().split(/\s+/);
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--ui-port', String(uiPort), '--log-level', 'error', ...extra];
  if (options.dbFile) args.push('--db-filename', options.dbFile);
  if (options.headless) args.push('--headless');
  // The server's own log goes beside its database, out of the way of test and CLI output.
  const log = openSync(options.logFile ?? (options.dbFile ? `${options.dbFile}.log` : '/dev/null'), 'a');
  const child = spawn(cli, args, { stdio: ['ignore', log, log] });
  await waitForPort(port, 60_000);
  return {
    address: `127.0.0.1:${port}`,
    cli,
    uiUrl: `http://127.0.0.1:${uiPort}`,
    process: child,
    stop: () => stopProcess(child),
  };
}
