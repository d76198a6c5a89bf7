/**
 * The one call the pipeline routes make after a database write. A Temporal outage must not fail
 * a save that already happened: the answer then carries a `Warning` header (and the error is
 * logged), and the next reconcile — the next save, the API's start-up or its periodic sweep —
 * brings the Schedules in line.
 */
import type { Response } from 'express';
import type { ApiDeps } from '../deps';
import { silentLogger } from '../logger';

/** Reconciles one pipeline's Schedules, or every pipeline's with `'all'` (after an application was deleted). */
export async function reconcileCronAfterWrite(deps: ApiDeps, res: Response, pipelineId: string | 'all'): Promise<void> {
  if (!deps.cron) return;
  try {
    if (pipelineId === 'all') await deps.cron.reconcileAll();
    else await deps.cron.reconcilePipeline(pipelineId);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    (deps.logger ?? silentLogger).error('cron schedules not reconciled; the next reconcile will retry', { pipelineId, reason });
    const text = `cron schedules not updated yet (${reason}); saved, and retried by the next reconcile`.replace(/["\\\r\n]/g, ' ');
    res.setHeader('Warning', `199 gennaker "${text.slice(0, 500)}"`);
  }
}
