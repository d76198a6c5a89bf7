import { ParentClosePolicy, patched, proxyActivities, startChild, workflowInfo } from '@temporalio/workflow';
import { z } from 'zod';
import type { Activities } from '../../activities';
import type { PipelineExecution } from '../model/execution';
import { NON_RETRYABLE_ERROR_TYPES } from '../model/error-types';
import { SearchAttribute } from '../model/workflow-input';
import type { PipelineWorkflowInput } from '../model/workflow-input';
import { resolveParameters } from '../validation/parameters';
import type { StageDefinition } from './types';
import { StageFailure } from './types';

function activities() {
  return proxyActivities<Activities>({
    startToCloseTimeout: '30s',
    retry: { initialInterval: '1s', maximumAttempts: 5, nonRetryableErrorTypes: NON_RETRYABLE_ERROR_TYPES },
  });
}

/** Marks executions whose `pipeline` stages check the user's EXECUTE permission before starting the child. */
export const PIPELINE_PERMISSION_PATCH = 'gennaker-perm-v1';

/**
 * `pipeline`: runs another pipeline as a child workflow (its own execution, visible in the API
 * and the Web UI), optionally waiting for it to finish. When the execution runs as a user
 * (`execution.authentication`), that user must still hold EXECUTE on the child's application when
 * the stage runs; otherwise the stage fails TERMINAL and the child never starts.
 */
export const pipelineStage: StageDefinition = {
  type: 'pipeline',
  schema: z
    .object({
      application: z.string().optional(),
      pipeline: z.string().min(1, 'pipeline (the config id) is required'),
      pipelineParameters: z.record(z.unknown()).optional(),
      waitForCompletion: z.boolean().optional(),
    })
    .passthrough(),
  async run({ stage, config, execution, setWaitingFor }) {
    const childConfig = await activities().loadPipelineConfig({
      application: config.application as string | undefined,
      pipelineId: String(config.pipeline),
    });
    const { authentication } = execution;
    // Checked before anything of the child's config (its parameters) reaches this stage's error.
    // An execution without roles was started on the open API: nothing to check.
    if (authentication?.roles && patched(PIPELINE_PERMISSION_PATCH)) {
      const decision = await activities().checkApplicationPermission({
        authentication,
        application: childConfig.application,
        action: 'EXECUTE',
        purpose: `stage '${stage.name}' to run pipeline config '${String(config.pipeline)}'`,
      });
      if (!decision.allowed) return { status: 'TERMINAL', error: decision.message };
    }
    const { parameters, problems } = resolveParameters(childConfig, config.pipelineParameters as Record<string, unknown>);
    if (problems.length) throw new StageFailure(problems.map((p) => `${p.path}: ${p.message}`).join('; '));

    const childId = `${workflowInfo().workflowId}-${stage.refId}`;
    const input: PipelineWorkflowInput = {
      config: childConfig,
      trigger: {
        type: 'pipeline',
        user: execution.trigger.user,
        parameters,
        parentExecutionId: execution.id,
        parentPipelineStageId: stage.id,
        parentPipelineName: execution.name,
        parentPipelineApplication: execution.application,
      },
      // The child runs as the same user, so its own pipeline stages are checked as well.
      ...(authentication ? { authentication } : {}),
      buildTime: Date.now(),
    };
    const waitForCompletion = config.waitForCompletion !== false;
    const child = await startChild('pipelineWorkflow', {
      workflowId: childId,
      args: [input],
      parentClosePolicy: waitForCompletion ? ParentClosePolicy.REQUEST_CANCEL : ParentClosePolicy.ABANDON,
      staticSummary: `${childConfig.application} / ${childConfig.name}`,
      staticDetails: `Started by stage '${stage.name}' of ${execution.application} / ${execution.name} (${execution.id})`,
      searchAttributes: {
        [SearchAttribute.application]: [childConfig.application],
        [SearchAttribute.pipelineName]: [childConfig.name],
        [SearchAttribute.pipelineConfigId]: [childConfig.id],
        [SearchAttribute.triggerType]: ['pipeline'],
      },
    });
    stage.context.executionId = child.workflowId;
    stage.context.executionName = childConfig.name;
    if (!waitForCompletion) return { outputs: { executionId: child.workflowId } };

    setWaitingFor(`Pipeline '${stage.name}' waiting for child execution ${child.workflowId} (${childConfig.name})`);
    const result = (await child.result()) as PipelineExecution;
    stage.context.status = result.status;
    if (result.status === 'SUCCEEDED') return { outputs: { executionId: child.workflowId, status: result.status } };
    return { status: 'TERMINAL', error: `child pipeline '${childConfig.name}' (${child.workflowId}) ended ${result.status}` };
  },
};
