import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { PipelineExecution } from '../model/execution';
import { type PipelineTriggerOutcome, triggerStatusOf } from '../model/pipeline-trigger';

/** The execution document with what its end triggered (`triggeredPipelines`, Gennaker's addition). */
export type ExecutionWithTriggers = PipelineExecution & { triggeredPipelines?: PipelineTriggerOutcome[] };

const { startTriggeredPipelines } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  // Retried for about half an hour (database or Temporal briefly down); every attempt is idempotent.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 20 },
});

/**
 * Fires the pipeline-completion triggers of a finished execution: downstream pipelines start from
 * here, durably, never from a listener that could miss the end. A failure to fire never changes
 * the execution's status; it is recorded in `triggeredPipelines` instead.
 */
export async function firePipelineTriggers(execution: ExecutionWithTriggers): Promise<void> {
  if (!triggerStatusOf(execution.status)) return;
  try {
    const outcomes = await startTriggeredPipelines({ execution });
    if (outcomes.length) execution.triggeredPipelines = outcomes;
  } catch (err) {
    const reason = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    execution.triggeredPipelines = [
      { application: execution.application, name: execution.name, pipelineConfigId: execution.pipelineConfigId, started: false, reason: `pipeline triggers not fired: ${reason}` },
    ];
  }
}
