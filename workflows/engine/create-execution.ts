import { uuid4, workflowInfo } from '@temporalio/workflow';
import type { PipelineExecution, StageExecution } from '../model/execution';
import type { PipelineWorkflowInput } from '../model/workflow-input';

/** Builds the execution document of a new run: every stage NOT_STARTED, in config order. */
export function createExecution(executionId: string, input: PipelineWorkflowInput): PipelineExecution {
  const { config, trigger } = input;
  const stages: StageExecution[] = config.stages.map((s) => ({
    id: uuid4(),
    refId: String(s.refId),
    type: s.type,
    name: s.name ?? s.type,
    status: 'NOT_STARTED',
    requisiteStageRefIds: (s.requisiteStageRefIds ?? []).map(String),
    context: {},
    outputs: {},
  }));
  return {
    id: executionId,
    type: 'PIPELINE',
    application: config.application,
    name: config.name,
    pipelineConfigId: config.id,
    status: 'NOT_STARTED',
    // 0 from a cron Schedule (one input for every fire): the run's own start time.
    buildTime: input.buildTime || workflowInfo().startTime.getTime(),
    trigger,
    ...(input.authentication ? { authentication: input.authentication } : {}),
    stages,
    canceled: false,
    limitConcurrent: config.limitConcurrent,
    keepWaitingPipelines: config.keepWaitingPipelines,
  };
}
