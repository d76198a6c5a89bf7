import type { PipelineExecution } from '../model/execution';
import type { StageConfig } from '../model/pipeline';
import { getStageDefinition } from '../stages/registry';
import { wantsRollback } from '../stages/rollback-option';
import { errorMessage } from './run-stage';

/**
 * Rolls back, newest first, every SUCCEEDED stage that asked for it and whose type can undo its
 * changes, recording each outcome in `context.rollback`. Never throws.
 */
export async function compensateStages(
  execution: PipelineExecution,
  configs: Map<string, StageConfig>,
  reason: 'TERMINAL' | 'CANCELED',
  setDetails: (text: string) => void,
): Promise<void> {
  const candidates = execution.stages
    .filter((s) => s.status === 'SUCCEEDED' && wantsRollback(configs.get(s.refId)) && getStageDefinition(s.type)?.compensate)
    .sort((a, b) => (b.endTime ?? 0) - (a.endTime ?? 0));
  for (const stage of candidates) {
    setDetails(`Rolling back '${stage.name}' (pipeline ${reason})`);
    const startTime = Date.now();
    try {
      await getStageDefinition(stage.type)!.compensate!({ stage, execution, reason });
      stage.context.rollback = { status: 'SUCCEEDED', reason, startTime, endTime: Date.now() };
    } catch (err) {
      stage.context.rollback = { status: 'TERMINAL', reason, startTime, endTime: Date.now(), error: errorMessage(err) };
    }
  }
}
