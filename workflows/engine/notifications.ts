import { ApplicationFailure, CancellationScope, patched, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { evaluateTemplates } from '../expressions';
import type { PipelineExecution, StageExecution } from '../model/execution';
import {
  displayAddress,
  NotificationErrorType,
  type NotificationConfig,
  type NotificationEvent,
  type NotificationRecord,
  type NotificationRequest,
  type NotifiedExecution,
  type NotifiedStage,
  type PipelineEvent,
} from '../model/notification';
import type { PipelineWorkflowInput } from '../model/workflow-input';
import { judgmentInputValues } from '../stages/manual-judgment';
import { errorMessage } from './run-stage';

/** Guards every notification command: executions started before notifications existed replay unchanged. */
export const NOTIFY_PATCH = 'gennaker-notify-v1';

/** Most delivery records kept in `execution.notifications` (oldest dropped). */
const MAX_RECORDS = 200;
/** Trigger fields copied into a notification when they are this small (payloads are not). */
const MAX_TRIGGER_FIELD_CHARS = 2_000;

const DEFAULT_RETRY = { initialIntervalMs: 2_000, maximumIntervalMs: 60_000, maximumAttempts: 6 };

/** Starts notification deliveries without blocking the pipeline, and waits for them at the end. */
export interface Notifier {
  pipeline(event: PipelineEvent): void;
  /** A stage started running (its context evaluated): `stage.starting`, `manualJudgment`. */
  stageStarted(stage: StageExecution): void;
  /** A started stage ended: `stage.complete|failed`, `manualJudgmentContinue|Stop`. */
  stageEnded(stage: StageExecution): void;
  /** Resolves once every delivery started so far has succeeded or failed for good. Never throws. */
  flush(): Promise<void>;
}

function asList(value: unknown): NotificationConfig[] {
  return Array.isArray(value) ? value.filter((n): n is NotificationConfig => typeof n === 'object' && n !== null && Array.isArray((n as NotificationConfig).when)) : [];
}

/** FNV-1a (32-bit, twice with different seeds): a short, deterministic, sandbox-safe digest. */
function digest(text: string): string {
  const run = (seed: number) => {
    let h = seed >>> 0;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(16).padStart(8, '0');
  };
  return run(0x811c9dc5) + run(0x050c5d1f);
}

function triggerSummary(trigger: PipelineExecution['trigger']): NotifiedExecution['trigger'] {
  const out: NotifiedExecution['trigger'] = { type: trigger.type, user: trigger.user };
  for (const [key, value] of Object.entries(trigger)) {
    if (key === 'payload' || key === 'parentExecution' || value === undefined) continue;
    const size = JSON.stringify(value)?.length ?? 0;
    if (size <= MAX_TRIGGER_FIELD_CHARS) out[key] = value;
  }
  return out;
}

function executionSummary(execution: PipelineExecution): NotifiedExecution {
  return {
    id: execution.id,
    application: execution.application,
    name: execution.name,
    status: execution.status,
    pipelineConfigId: execution.pipelineConfigId,
    buildTime: execution.buildTime,
    startTime: execution.startTime,
    endTime: execution.endTime,
    trigger: triggerSummary(execution.trigger),
    stages: execution.stages.map((s) => ({ id: s.id, refId: s.refId, name: s.name, type: s.type, status: s.status, startTime: s.startTime, endTime: s.endTime })),
  };
}

function stageSummary(execution: PipelineExecution, stage: StageExecution): NotifiedStage {
  const c = stage.context;
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    id: stage.id,
    refId: stage.refId,
    name: stage.name,
    type: stage.type,
    status: stage.status,
    index: execution.stages.indexOf(stage),
    startTime: stage.startTime,
    endTime: stage.endTime,
    ...(stage.type === 'manualJudgment'
      ? {
          instructions: text(c.instructions),
          judgmentInputs: judgmentInputValues(c),
          judgmentStatus: text(c.judgmentStatus),
          judgmentInput: text(c.judgmentInput),
          judgedBy: text(c.judgedBy),
        }
      : {}),
  };
}

/** The attempt an activity failure reports (see activities/notifications), else the policy's maximum. */
function attemptsOf(err: unknown, fallback: number): number {
  let current = err as { cause?: unknown; details?: unknown[] } | undefined;
  for (let depth = 0; current && depth < 4; depth++) {
    if (current instanceof ApplicationFailure) {
      const detail = current.details?.[0] as { attempt?: unknown } | undefined;
      if (typeof detail?.attempt === 'number') return detail.attempt;
    }
    current = current.cause as typeof current;
  }
  return fallback;
}

/**
 * Sends the pipeline's and its stages' notifications as `sendNotification` activities. Each
 * delivery starts at once and is not awaited (a slow channel never holds the next stage); it runs
 * outside cancellation (a cancelled pipeline still reports), retries with backoff, and its outcome
 * is recorded in `execution.notifications`. A failed delivery never fails the pipeline.
 */
export function createNotifier(execution: PipelineExecution, input: PipelineWorkflowInput): Notifier {
  const retry = { ...DEFAULT_RETRY, ...input.notificationRetry };
  const { sendNotification } = proxyActivities<Activities>({
    startToCloseTimeout: '30s',
    retry: {
      initialInterval: retry.initialIntervalMs,
      maximumInterval: retry.maximumIntervalMs,
      backoffCoefficient: 2,
      maximumAttempts: retry.maximumAttempts,
      nonRetryableErrorTypes: Object.values(NotificationErrorType),
    },
  });
  const stageConfigs = new Map(input.config.stages.map((s) => [String(s.refId), s]));
  const pending = new Set<Promise<void>>();
  const started = new Set<string>();
  let enabled: boolean | undefined;

  const targetsOf = (stage?: StageExecution): NotificationConfig[] => {
    if (!stage) return asList(input.config.notifications);
    const config = stageConfigs.get(stage.refId);
    return config?.sendNotifications === true ? asList(config.notifications) : [];
  };

  const customText = (target: NotificationConfig, event: NotificationEvent, stage?: StageExecution): string | undefined => {
    const raw = target.message?.[event]?.text;
    if (typeof raw !== 'string' || !raw) return undefined;
    const { value, errors } = evaluateTemplates(raw, { execution, currentStageRefId: stage?.refId });
    return errors.length ? raw : String(value);
  };

  const record = (entry: NotificationRecord) => {
    execution.notifications = [...(execution.notifications ?? []), entry].slice(-MAX_RECORDS);
  };

  const send = (target: NotificationConfig, event: NotificationEvent, stage?: StageExecution) => {
    const address = typeof target.address === 'string' ? target.address.trim() : undefined;
    const request: NotificationRequest = {
      idempotencyKey: `${execution.id}:${stage?.id ?? 'pipeline'}:${event}:${digest(`${target.type}|${address ?? ''}`)}`,
      type: target.type,
      address,
      cc: typeof target.cc === 'string' ? target.cc : undefined,
      event,
      level: stage ? 'stage' : 'pipeline',
      customText: customText(target, event, stage),
      execution: executionSummary(execution),
      stage: stage && stageSummary(execution, stage),
    };
    const entry: NotificationRecord = { type: target.type, address: displayAddress(address), event, stage: stage?.refId, status: 'SENDING', startTime: Date.now() };
    record(entry);
    const delivery = CancellationScope.nonCancellable(() => sendNotification(request)).then(
      (result) => {
        entry.status = result.skipped ? 'SKIPPED' : 'SENT';
        entry.attempts = result.attempts;
        if (result.skipped) entry.reason = result.skipped;
        entry.endTime = Date.now();
      },
      (err: unknown) => {
        entry.status = 'FAILED';
        entry.attempts = attemptsOf(err, retry.maximumAttempts);
        entry.error = errorMessage(err);
        entry.endTime = Date.now();
      },
    );
    pending.add(delivery);
    void delivery.finally(() => pending.delete(delivery));
  };

  const notify = (event: NotificationEvent, stage?: StageExecution) => {
    const targets = targetsOf(stage).filter((t) => t.when.includes(event));
    if (!targets.length) return;
    enabled ??= patched(NOTIFY_PATCH);
    if (!enabled) return;
    for (const target of targets) send(target, event, stage);
  };

  return {
    pipeline: (event) => notify(event),
    stageStarted(stage) {
      started.add(stage.id);
      notify('stage.starting', stage);
      if (stage.type === 'manualJudgment') notify('manualJudgment', stage);
    },
    stageEnded(stage) {
      if (!started.delete(stage.id) || stage.status === 'SKIPPED') return;
      if (stage.type === 'manualJudgment' && stage.context.judgmentStatus === 'continue') notify('manualJudgmentContinue', stage);
      if (stage.type === 'manualJudgment' && stage.context.judgmentStatus === 'stop') notify('manualJudgmentStop', stage);
      notify(stage.status === 'SUCCEEDED' ? 'stage.complete' : 'stage.failed', stage);
    },
    async flush() {
      while (pending.size) await Promise.all([...pending]);
    },
  };
}
