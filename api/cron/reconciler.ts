/**
 * Keeps Temporal Schedules equal to the cron triggers of the stored pipeline configs. The configs
 * are the truth; Schedules are derived (id from pipeline and trigger ids) and rebuilt at will:
 * every step is create-or-update or delete-if-present by id, so a reconcile that stopped halfway
 * is finished by the next one.
 */
import { type Client, ScheduleAlreadyRunning, ScheduleNotFoundError, type ScheduleOptions } from '@temporalio/client';
import { temporalUnavailableToApiError } from '../temporal/temporal-errors';
import type { PipelineTriggerQuery } from '../../prisma/pipeline-trigger-query';
import type { StoredPipelineConfig } from '../../prisma/pipeline-store';
import { CRON_SCHEDULE_PREFIX, PIPELINE_ID_MEMO, cronScheduleIds, desiredCronSchedules } from './cron-triggers';

/** What one reconcile changed, by Schedule id. */
export interface ReconcileResult {
  created: string[];
  updated: string[];
  deleted: string[];
  /** Schedules that could not be created, updated or deleted, with the reason; the next reconcile retries them. */
  failed: { scheduleId: string; reason: string }[];
}

export interface CronReconciler {
  /** Brings the Schedules of one pipeline (existing, disabled or deleted) in line with its stored config. */
  reconcilePipeline(pipelineId: string): Promise<ReconcileResult>;
  /** Every pipeline: creates or updates what the configs ask for and deletes every other `gennaker-cron-*` Schedule. */
  reconcileAll(): Promise<ReconcileResult>;
}

export interface CronReconcilerDeps {
  client: Client;
  /** Task queue the scheduled executions start on (the API's). */
  taskQueue: string;
  pipelines: {
    getById(id: string): Promise<StoredPipelineConfig | null>;
    /** Saved versions, newest first; their triggers name Schedules that may still exist. */
    history(id: string, limit?: number): Promise<StoredPipelineConfig[]>;
  };
  triggers: Pick<PipelineTriggerQuery, 'withTriggerType'>;
  /**
   * Deadline of one pipeline's reconcile (default 10 s), so a save does not hang while Temporal is
   * down; a full reconcile gets ten times as long.
   */
  deadlineMs?: number;
}

/** Versions looked at for Schedules a pipeline had before (the listing of Schedules may lag behind). */
const HISTORY_DEPTH = 20;

export function createCronReconciler(deps: CronReconcilerDeps): CronReconciler {
  const { client, taskQueue } = deps;
  const deadlineMs = deps.deadlineMs ?? 10_000;
  const within = <T>(ms: number, work: () => Promise<T>) => client.withDeadline(Date.now() + ms, work);

  async function upsert(options: ScheduleOptions, result: ReconcileResult): Promise<void> {
    const { scheduleId, memo: _memo, ...rest } = options;
    try {
      await client.schedule.create(options);
      result.created.push(scheduleId);
      return;
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    }
    await client.schedule.getHandle(scheduleId).update(() => ({ ...rest, state: { ...rest.state, paused: false } }));
    result.updated.push(scheduleId);
  }

  async function remove(scheduleId: string, result: ReconcileResult): Promise<void> {
    try {
      await client.schedule.getHandle(scheduleId).delete();
      result.deleted.push(scheduleId);
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
    }
  }

  /** The `gennaker-cron-*` Schedules visibility lists (eventually consistent), with the pipeline each belongs to. */
  async function listed(): Promise<{ id: string; pipelineId?: string }[]> {
    const found: { id: string; pipelineId?: string }[] = [];
    for await (const schedule of client.schedule.list()) {
      if (!schedule.scheduleId.startsWith(CRON_SCHEDULE_PREFIX)) continue;
      const pipelineId = schedule.memo?.[PIPELINE_ID_MEMO];
      found.push({ id: schedule.scheduleId, pipelineId: typeof pipelineId === 'string' ? pipelineId : undefined });
    }
    return found;
  }

  async function reconcileConfig(config: StoredPipelineConfig | null, known: Iterable<string>, result: ReconcileResult) {
    const desired = config ? desiredCronSchedules(config, taskQueue) : [];
    for (const options of desired) await upsert(options, result);
    const keep = new Set(desired.map((o) => o.scheduleId));
    for (const id of new Set(known)) if (!keep.has(id)) await remove(id, result);
  }

  return {
    reconcilePipeline: (pipelineId) => within(deadlineMs, async () => {
      const result: ReconcileResult = { created: [], updated: [], deleted: [], failed: [] };
      const config = await deps.pipelines.getById(pipelineId);
      // Ids from the history are read directly (consistent); the listing adds any older ones.
      const versions = await deps.pipelines.history(pipelineId, HISTORY_DEPTH);
      const owned = (await listed()).filter((s) => s.pipelineId === pipelineId).map((s) => s.id);
      const known = [...versions.flatMap(cronScheduleIds), ...owned];
      await reconcileConfig(config, known, result);
      return result;
    }),

    reconcileAll: () => within(deadlineMs * 10, async () => {
      const result: ReconcileResult = { created: [], updated: [], deleted: [], failed: [] };
      const configs = await deps.triggers.withTriggerType('cron');
      const keep = new Set<string>();
      for (const config of configs) {
        // One pipeline that cannot be scheduled (e.g. saved before a rule existed) must not stop the others.
        let desired: ScheduleOptions[];
        try {
          desired = desiredCronSchedules(config, taskQueue);
        } catch (err) {
          for (const id of cronScheduleIds(config)) {
            keep.add(id);
            result.failed.push({ scheduleId: id, reason: reasonOf(err) });
          }
          continue;
        }
        for (const options of desired) {
          keep.add(options.scheduleId);
          await upsert(options, result).catch((err: unknown) => {
            if (isUnavailable(err)) throw err;
            result.failed.push({ scheduleId: options.scheduleId, reason: reasonOf(err) });
          });
        }
      }
      for (const { id, pipelineId } of await listed()) {
        if (keep.has(id)) continue;
        // A pipeline saved since the configs were read may want this Schedule: ask its config again.
        const current = pipelineId ? await deps.pipelines.getById(pipelineId) : null;
        if (current && desiredCronSchedules(current, taskQueue).some((o) => o.scheduleId === id)) continue;
        await remove(id, result);
      }
      return result;
    }),
  };
}

const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Temporal unreachable: stop the whole reconcile rather than record every Schedule as failed. */
const isUnavailable = (err: unknown) => temporalUnavailableToApiError(err) !== undefined;
