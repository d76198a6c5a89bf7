import { setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import type { PipelineExecution } from '../model/execution';
import { SearchAttribute, type PipelineWorkflowInput } from '../model/workflow-input';

/**
 * What the Temporal Web UI and visibility show of an execution: its search attributes and the
 * "current details" line saying what it waits for.
 */
export function createPublisher(execution: PipelineExecution, input: PipelineWorkflowInput) {
  const waitingFor = new Map<string, string>();
  return {
    /** Upserts only the status attribute (after pause, resume and at the end). */
    status: () => upsertSearchAttributes({ [SearchAttribute.status]: [execution.status] }),
    /** Upserts every attribute, so executions started by any client (API, CLI, parent) are listed alike. */
    all: (status: string) =>
      upsertSearchAttributes({
        [SearchAttribute.application]: [input.config.application],
        [SearchAttribute.pipelineName]: [input.config.name],
        [SearchAttribute.pipelineConfigId]: [input.config.id],
        [SearchAttribute.triggerType]: [input.trigger.type],
        [SearchAttribute.status]: [status],
      }),
    /** Records (or clears, with undefined) what a stage waits for. */
    waiting(refId: string, text: string | undefined): void {
      if (text) waitingFor.set(refId, text);
      else waitingFor.delete(refId);
    },
    /** Current details: paused, else what stages wait for, else what runs, else the status. */
    details(): void {
      const waits = [...waitingFor.values()];
      const running = execution.stages.filter((s) => s.status === 'RUNNING').map((s) => s.name);
      setCurrentDetails(
        execution.status === 'PAUSED'
          ? `Paused by ${execution.paused?.pausedBy ?? 'anonymous'}`
          : waits.length
            ? waits.join('\n')
            : running.length
              ? `Running: ${running.join(', ')}`
              : `Status: ${execution.status}`,
      );
    },
    /** Free text, e.g. while queued or rolling back. */
    text: (text: string) => setCurrentDetails(text),
  };
}
