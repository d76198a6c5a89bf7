/**
 * An execution document built without the workflow's help: for runs that ended abnormally
 * (terminated, failed, timed out — their result is not a document) and for running executions
 * no worker can answer a query for. It comes from the start input and visibility data.
 */
import type { ExecutionStatus, PipelineExecution } from '../../workflows/model/execution';
import type { PipelineWorkflowInput } from '../../workflows/model/workflow-input';
import { SearchAttribute } from '../../workflows/model/workflow-input';

/** What is known about a run from describe/list. */
export interface RunSummary {
  workflowId: string;
  /** Temporal's status name: RUNNING, COMPLETED, FAILED, CANCELLED, TERMINATED, TIMED_OUT, … */
  temporalStatus: string;
  startTime: Date;
  closeTime?: Date;
  /** Keyword search attributes by name. */
  attributes: Record<string, string | undefined>;
}

/**
 * Orca's status for a run Temporal closed abnormally: a terminate or a cancel request ended it
 * from outside (CANCELED); a failure or timeout is TERMINAL.
 */
export function statusForAbnormalClose(temporalStatus: string): ExecutionStatus {
  return temporalStatus === 'CANCELLED' || temporalStatus === 'TERMINATED' ? 'CANCELED' : 'TERMINAL';
}

export function minimalExecution(
  run: RunSummary,
  status: ExecutionStatus,
  input: PipelineWorkflowInput | undefined,
  reason?: string,
): PipelineExecution {
  const config = input?.config;
  const attr = run.attributes;
  const startTime = run.startTime.getTime();
  return {
    id: run.workflowId,
    type: 'PIPELINE',
    application: config?.application ?? attr[SearchAttribute.application] ?? '',
    name: config?.name ?? attr[SearchAttribute.pipelineName] ?? '',
    pipelineConfigId: config?.id ?? attr[SearchAttribute.pipelineConfigId] ?? '',
    status,
    buildTime: input?.buildTime ?? startTime,
    startTime,
    ...(run.closeTime ? { endTime: run.closeTime.getTime() } : {}),
    trigger: input?.trigger ?? {
      type: attr[SearchAttribute.triggerType] ?? 'manual',
      user: 'unknown',
      parameters: {},
    },
    stages: (config?.stages ?? []).map((stage) => ({
      id: stage.refId,
      refId: stage.refId,
      type: stage.type,
      name: stage.name,
      status: 'NOT_STARTED',
      requisiteStageRefIds: stage.requisiteStageRefIds ?? [],
      context: {},
      outputs: {},
    })),
    canceled: status === 'CANCELED',
    ...(status === 'CANCELED' && reason ? { cancellationReason: reason } : {}),
    limitConcurrent: config?.limitConcurrent,
    keepWaitingPipelines: config?.keepWaitingPipelines,
  };
}
