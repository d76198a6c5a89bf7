/**
 * Cron triggers of a pipeline config: which of them should have a Temporal Schedule, the
 * Schedule's derived id, its options (spec, action, overlap policy, catch-up window), and the
 * problems that refuse a config at save.
 */
import type { ScheduleOptions, ScheduleOverlapPolicy } from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { Trigger } from '../../workflows/model/execution';
import type { PipelineConfig, TriggerConfig } from '../../workflows/model/pipeline';
import { type PipelineWorkflowInput, SearchAttribute } from '../../workflows/model/workflow-input';
import { resolveParameters } from '../../workflows/validation/parameters';
import type { ValidationProblem } from '../../workflows/validation/problem';
import { PIPELINE_WORKFLOW_TYPE } from '../temporal/visibility';
import { CronSpecError, DEFAULT_CRON_TIMEZONE, planCron } from './schedule-spec';

/** Every Schedule Gennaker derives from a cron trigger has an id with this prefix. */
export const CRON_SCHEDULE_PREFIX = 'gennaker-cron-';

/**
 * How far back a Schedule still takes an action it missed (server or worker down): 5 minutes.
 * A short outage loses no run; a long one does not start a burst of stale runs when it ends.
 */
export const CRON_CATCHUP_WINDOW = '5 minutes';

/** Memo key holding the pipeline config id on every derived Schedule (ids alone could be ambiguous). */
export const PIPELINE_ID_MEMO = 'gennakerPipelineId';

/** Who a cron execution runs as when the trigger has no `runAsUser` (Orca's anonymous user). */
export const ANONYMOUS_USER = '[anonymous]';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The key of a trigger inside its pipeline: its `id`, else its position (before ids are assigned on save). */
export function triggerKey(trigger: TriggerConfig, index: number): string {
  const id = typeof trigger.id === 'string' && trigger.id.trim() ? trigger.id.trim() : `index-${index}`;
  return id.replace(/[^A-Za-z0-9_.-]/g, '_');
}

/** The Schedule id of a pipeline's cron trigger; also the workflow id prefix of its executions. */
export function cronScheduleId(pipelineId: string, trigger: TriggerConfig, index: number): string {
  return `${CRON_SCHEDULE_PREFIX}${pipelineId}-${triggerKey(trigger, index)}`;
}

/** The Schedule ids of every cron trigger in the config (enabled or not). */
export function cronScheduleIds(config: Pick<PipelineConfig, 'id' | 'triggers'>): string[] {
  return (config.triggers ?? []).flatMap((t, i) => (isObject(t) && t.type === 'cron' ? [cronScheduleId(config.id, t, i)] : []));
}

/** Overlap policy from the pipeline's concurrency settings, as Orca queues executions. */
export function overlapPolicy(config: Pick<PipelineConfig, 'limitConcurrent' | 'keepWaitingPipelines'>): ScheduleOverlapPolicy {
  if (!config.limitConcurrent) return 'ALLOW_ALL';
  return config.keepWaitingPipelines ? 'BUFFER_ONE' : 'SKIP';
}

/** The trigger a cron execution carries, in Orca's shape (`${trigger.cronExpression}` works). */
export function cronTrigger(config: PipelineConfig, trigger: TriggerConfig): Trigger {
  const given = isObject(trigger.parameters) ? trigger.parameters : undefined;
  const { parameters } = resolveParameters(config, given);
  return {
    ...trigger,
    type: 'cron',
    user: typeof trigger.runAsUser === 'string' && trigger.runAsUser ? trigger.runAsUser : ANONYMOUS_USER,
    parameters,
    artifacts: [],
    cronExpression: trigger.cronExpression,
    cronTimezone: typeof trigger.cronTimezone === 'string' ? trigger.cronTimezone : DEFAULT_CRON_TIMEZONE,
  };
}

const attributeKey = (name: string) => defineSearchAttributeKey(name, SearchAttributeType.KEYWORD);

/** The Schedules a config should have: one per enabled cron trigger, none when the pipeline is disabled. */
export function desiredCronSchedules(config: PipelineConfig, taskQueue: string): ScheduleOptions[] {
  if (config.disabled) return [];
  return (config.triggers ?? []).flatMap((trigger, index) => {
    if (!isObject(trigger) || trigger.type !== 'cron' || trigger.enabled === false) return [];
    const timezone = typeof trigger.cronTimezone === 'string' ? trigger.cronTimezone : DEFAULT_CRON_TIMEZONE;
    const plan = planCron(String(trigger.cronExpression ?? ''), timezone);
    const scheduleId = cronScheduleId(config.id, trigger, index);
    const fired = cronTrigger(config, trigger);
    // buildTime 0: the workflow takes its own start time (one Schedule starts many executions).
    const input: PipelineWorkflowInput = { config, trigger: fired, buildTime: 0 };
    const options: ScheduleOptions = {
      scheduleId,
      spec: plan.spec,
      memo: { [PIPELINE_ID_MEMO]: config.id },
      action: {
        type: 'startWorkflow',
        workflowType: PIPELINE_WORKFLOW_TYPE,
        taskQueue,
        // Temporal appends the scheduled time, so every fire is its own execution id.
        workflowId: scheduleId,
        args: [input],
        typedSearchAttributes: [
          { key: attributeKey(SearchAttribute.application), value: config.application },
          { key: attributeKey(SearchAttribute.pipelineName), value: config.name },
          { key: attributeKey(SearchAttribute.pipelineConfigId), value: config.id },
          { key: attributeKey(SearchAttribute.triggerType), value: 'cron' },
          { key: attributeKey(SearchAttribute.status), value: 'NOT_STARTED' },
        ],
        staticSummary: `${config.application} / ${config.name}`,
        staticDetails: `Pipeline config \`${config.id}\`, triggered (cron \`${String(trigger.cronExpression)}\` ${timezone}) by **${fired.user}**`,
      },
      policies: { overlap: overlapPolicy(config), catchupWindow: CRON_CATCHUP_WINDOW, pauseOnFailure: false },
      state: { note: `Gennaker cron trigger of ${config.application} / ${config.name}; derived from the stored config, do not edit` },
    };
    return [options];
  });
}

/**
 * Problems of the cron triggers in a submitted config, each at its JSON path
 * (`triggers[1].cronExpression`): a missing or unparsable expression, one that never fires, an
 * unknown time zone, and, for an enabled trigger, a required parameter nothing fills.
 */
export function cronTriggerProblems(body: unknown): ValidationProblem[] {
  if (!isObject(body) || !Array.isArray(body.triggers)) return [];
  const problems: ValidationProblem[] = [];
  body.triggers.forEach((trigger, i) => {
    if (!isObject(trigger) || trigger.type !== 'cron') return;
    const base = `triggers[${i}]`;
    if (typeof trigger.cronExpression !== 'string' || !trigger.cronExpression.trim()) {
      problems.push({ path: `${base}.cronExpression`, message: 'cronExpression is required (a Quartz cron expression, e.g. "0 0 12 * * ?")' });
      return;
    }
    if (trigger.cronTimezone !== undefined && typeof trigger.cronTimezone !== 'string') {
      problems.push({ path: `${base}.cronTimezone`, message: 'cronTimezone must be an IANA time zone name' });
      return;
    }
    if (trigger.parameters !== undefined && !isObject(trigger.parameters)) {
      problems.push({ path: `${base}.parameters`, message: 'parameters must be an object' });
      return;
    }
    try {
      planCron(trigger.cronExpression, trigger.cronTimezone ?? DEFAULT_CRON_TIMEZONE);
    } catch (err) {
      if (!(err instanceof CronSpecError)) throw err;
      problems.push({ path: `${base}.${err.field}`, message: err.message });
      return;
    }
    const parameterConfig = body.parameterConfig;
    if (trigger.enabled !== false && body.disabled !== true && (parameterConfig === undefined || Array.isArray(parameterConfig))) {
      const { problems: missing } = resolveParameters(body as Pick<PipelineConfig, 'parameterConfig'>, trigger.parameters as Record<string, unknown> | undefined);
      for (const p of missing) problems.push({ path: `${base}.${p.path}`, message: `${p.message}: a cron execution could never start` });
    }
  });
  return problems;
}
