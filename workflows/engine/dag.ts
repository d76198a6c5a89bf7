import { DOWNSTREAM_OK_STATUSES, type PipelineExecution, type StageExecution } from '../model/execution';

/** Stages that may start now: not started, and every parent finished in a status that lets children run. */
export function readyStages(execution: PipelineExecution): StageExecution[] {
  const byRef = new Map(execution.stages.map((s) => [s.refId, s]));
  return execution.stages.filter(
    (stage) =>
      stage.status === 'NOT_STARTED' &&
      stage.requisiteStageRefIds.every((ref) => {
        const parent = byRef.get(ref);
        return parent !== undefined && DOWNSTREAM_OK_STATUSES.includes(parent.status);
      }),
  );
}
