/**
 * Pipeline-completion triggers: shared by the workflow (which records the outcome) and the
 * activity (which starts the downstream executions). Pure code, importable from the sandbox.
 */
import type { ExecutionStatus, PipelineExecution } from './execution';

/**
 * Longest chain of pipeline-triggered executions (A ends → B → C …). The execution that would be
 * number 11 in a row is not started and the finishing one records why: a pipeline that triggers
 * itself, or a cycle, stops there instead of looping for ever.
 */
export const MAX_PIPELINE_TRIGGER_DEPTH = 10;

/** Upper bound of `trigger.parentExecution` (JSON characters) before stage outputs, then stages, are dropped. */
export const MAX_PARENT_EXECUTION_CHARS = 64 * 1024;

/** What a finished execution's end did to one downstream pipeline (`execution.triggeredPipelines`). */
export interface PipelineTriggerOutcome {
  application: string;
  name: string;
  pipelineConfigId: string;
  started: boolean;
  /** The downstream execution (started now, or by an earlier attempt when `alreadyStarted`). */
  executionId?: string;
  alreadyStarted?: boolean;
  /** Why it was not started. */
  reason?: string;
}

/** Orca's statuses as Echo's pipeline triggers name them; other statuses trigger nothing. */
const TRIGGER_STATUS: Partial<Record<ExecutionStatus, string>> = {
  SUCCEEDED: 'successful',
  TERMINAL: 'failed',
  CANCELED: 'canceled',
};

export function triggerStatusOf(status: ExecutionStatus): string | undefined {
  return TRIGGER_STATUS[status];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** How many pipeline-completion triggers in a row led to this execution (0 when started otherwise). */
export function pipelineTriggerDepth(execution: { trigger?: unknown }): number {
  let depth = 0;
  let trigger = execution.trigger;
  while (isObject(trigger) && trigger.type === 'pipeline' && isObject(trigger.parentExecution)) {
    depth++;
    trigger = trigger.parentExecution.trigger;
  }
  return depth;
}

/** An ancestor further up the chain: who it was and what triggered it, nothing else. */
function ancestor(execution: Record<string, unknown>): Record<string, unknown> {
  const trigger = isObject(execution.trigger) ? execution.trigger : {};
  return {
    id: execution.id,
    application: execution.application,
    name: execution.name,
    pipelineConfigId: execution.pipelineConfigId,
    status: execution.status,
    trigger: {
      type: trigger.type,
      user: trigger.user,
      ...(isObject(trigger.parentExecution) ? { parentExecution: ancestor(trigger.parentExecution) } : {}),
    },
  };
}

/**
 * The upstream execution as a downstream trigger carries it (`trigger.parentExecution`): its
 * identity, status, times, trigger (with the chain of ancestors reduced to ids) and stages
 * without their context. Bounded: stage outputs, then stages, are dropped past
 * {@link MAX_PARENT_EXECUTION_CHARS}.
 */
export function trimParentExecution(execution: PipelineExecution): Record<string, unknown> {
  const { trigger } = execution;
  const trimmedTrigger: Record<string, unknown> = { type: trigger.type, user: trigger.user, parameters: trigger.parameters };
  if (isObject(trigger.parentExecution)) trimmedTrigger.parentExecution = ancestor(trigger.parentExecution);
  const stage = (s: PipelineExecution['stages'][number], withOutputs: boolean) => ({
    id: s.id,
    refId: s.refId,
    type: s.type,
    name: s.name,
    status: s.status,
    startTime: s.startTime,
    endTime: s.endTime,
    ...(withOutputs ? { outputs: s.outputs } : {}),
  });
  const base = {
    id: execution.id,
    type: execution.type,
    application: execution.application,
    name: execution.name,
    pipelineConfigId: execution.pipelineConfigId,
    status: execution.status,
    buildTime: execution.buildTime,
    startTime: execution.startTime,
    endTime: execution.endTime,
    canceled: execution.canceled,
    trigger: trimmedTrigger,
  };
  for (const withOutputs of [true, false]) {
    const candidate = { ...base, stages: execution.stages.map((s) => stage(s, withOutputs)) };
    if (JSON.stringify(candidate).length <= MAX_PARENT_EXECUTION_CHARS) return candidate;
  }
  const minimal = { ...base, stages: [], stagesOmitted: `over ${MAX_PARENT_EXECUTION_CHARS} characters` };
  if (JSON.stringify(minimal).length <= MAX_PARENT_EXECUTION_CHARS) return minimal;
  // Parameters too large: keep the chain of ancestors, which loop detection counts.
  const { parameters: _parameters, ...withoutParameters } = trimmedTrigger;
  return { ...minimal, trigger: withoutParameters };
}
