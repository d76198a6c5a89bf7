import type { ExecutionStatus, PipelineExecution } from '../model/execution';
import type { PipelineConfig } from '../model/pipeline';

/**
 * The execution's status once nothing more can run, as Orca decides it: canceled wins; any
 * TERMINAL stage fails the pipeline; a STOPPED stage fails it only when configured with
 * `completeOtherBranchesThenFail`; otherwise (STOPPED branches included) it succeeded.
 */
export function finalStatus(execution: PipelineExecution, config: PipelineConfig): ExecutionStatus {
  if (execution.canceled) return 'CANCELED';
  if (execution.stages.some((s) => s.status === 'TERMINAL')) return 'TERMINAL';
  const stopThenFail = new Set(config.stages.filter((s) => s.completeOtherBranchesThenFail).map((s) => String(s.refId)));
  if (execution.stages.some((s) => s.status === 'STOPPED' && stopThenFail.has(s.refId))) return 'TERMINAL';
  return 'SUCCEEDED';
}
