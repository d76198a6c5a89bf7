/**
 * Reconciles every cron Schedule when the API starts (so `npm start` and `npm run api` rebuild
 * Schedules after a Temporal reset or a crash mid-reconcile) and again every few minutes, which
 * also repairs a save whose reconcile failed while Temporal was down.
 */
import type { Logger } from '../logger';
import type { CronReconciler } from './reconciler';

/** Time between two full reconciles. */
export const CRON_SWEEP_INTERVAL_MS = 5 * 60_000;
/** Time before retrying a failed start-up reconcile. */
const RETRY_MS = 15_000;

/** Starts the sweep; the returned function stops it. */
export function startCronSweep(reconciler: CronReconciler, logger: Logger, intervalMs = CRON_SWEEP_INTERVAL_MS): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const run = async () => {
    let next = intervalMs;
    try {
      const result = await reconciler.reconcileAll();
      if (result.created.length + result.updated.length + result.deleted.length > 0) {
        logger.info('cron schedules reconciled', { created: result.created.length, updated: result.updated.length, deleted: result.deleted.length });
      }
    } catch (err) {
      next = Math.min(RETRY_MS, intervalMs);
      logger.error('cron schedules not reconciled; retrying', { reason: err instanceof Error ? err.message : String(err) });
    }
    if (!stopped) timer = setTimeout(() => void run(), next);
  };
  void run();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
