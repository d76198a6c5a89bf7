import type { PipelineExecution, StageExecution } from '../model/execution';

/** A stage by id, refId or name (in that order), as the API, the Web UI and the CLI name it. */
export function findStage(execution: PipelineExecution, key: string): StageExecution | undefined {
  return (
    execution.stages.find((s) => s.id === key) ??
    execution.stages.find((s) => s.refId === key) ??
    execution.stages.find((s) => s.name === key)
  );
}
