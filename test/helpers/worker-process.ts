import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { testEnv } from './env';

const root = join(__dirname, '..', '..');

export interface WorkerProcess {
  process: ChildProcess;
  /** SIGKILL: the worker dies mid-work, as in a crash or an OOM kill. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `worker/main.ts` as a separate OS process and resolves once it polls its task queue. */
export async function startWorkerProcess(
  taskQueue: string,
  temporalAddress = testEnv().temporalAddress,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<WorkerProcess> {
  const env = testEnv();
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'worker', 'main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_TASK_QUEUE: taskQueue,
      DATABASE_URL: env.databaseUrl,
      GENNAKER_WORKFLOW_BUNDLE: env.workflowBundle,
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (output.includes('polling task queue')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code} before it started:\n${output}`));
    });
  });
  const exited = () =>
    child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once('exit', () => r()));
  return {
    process: child,
    async kill() {
      child.kill('SIGKILL');
      await exited();
    },
    async stop() {
      child.kill('SIGTERM');
      await exited();
    },
  };
}
