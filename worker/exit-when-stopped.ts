import type { Worker } from '@temporalio/worker';

/** How long a worker that stopped on its own may take to drain before the process exits anyway. */
export const SELF_SHUTDOWN_EXIT_MS = 5_000;
/** How long the process waits for connections and pools to close once the worker has ended. */
export const CLEANUP_DEADLINE_MS = 5_000;
const CHECK_EVERY_MS = 1_000;

/**
 * Watches a running worker for a shutdown nobody asked for: the SDK shuts a worker down on a fatal
 * error (e.g. a workflow completion it cannot encode) and then stops polling, while database pools
 * and timers could keep the process alive doing nothing. Once that happens the process exits 1
 * within `exitAfterMs`, so a supervisor (systemd, Kubernetes, docker) starts a fresh worker.
 *
 * @param requested says whether a stop was asked for (SIGTERM/SIGINT): then the worker may drain.
 * @returns a function that stops watching.
 */
export function exitWhenWorkerStopsItself(
  worker: Pick<Worker, 'getState'>,
  requested: () => boolean,
  log: (message: string) => void,
  exitAfterMs = SELF_SHUTDOWN_EXIT_MS,
): () => void {
  let exitTimer: NodeJS.Timeout | undefined;
  const check = setInterval(() => {
    const state = worker.getState();
    if (state === 'RUNNING' || requested() || exitTimer) return;
    log(`worker stopped polling on its own (state ${state}); exiting in ${exitAfterMs} ms so a supervisor restarts it`);
    exitTimer = setTimeout(() => process.exit(1), exitAfterMs);
  }, CHECK_EVERY_MS);
  check.unref();
  return () => {
    clearInterval(check);
    if (exitTimer) clearTimeout(exitTimer);
  };
}

/** Runs `cleanup`, giving up after `ms` (a stuck pool must not keep a dead worker alive). */
export async function cleanupWithin(ms: number, cleanup: () => Promise<unknown>, log: (message: string) => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      log(`cleanup did not finish within ${ms} ms; exiting anyway`);
      resolve();
    }, ms);
  });
  await Promise.race([cleanup().catch((err) => log(`cleanup failed: ${err instanceof Error ? err.message : String(err)}`)), deadline]);
  clearTimeout(timer);
}
