import type { ExecutionStatus } from '../model/execution';
import type { StageConfig } from '../model/pipeline';

/**
 * What a failed stage becomes under its failure options (Orca's `failureStatus`):
 * `continuePipeline` → FAILED_CONTINUE; `failPipeline` true or absent → TERMINAL (halts the
 * pipeline); otherwise STOPPED (halts only its branch).
 */
export function failureStatus(config: StageConfig): ExecutionStatus {
  if (config.continuePipeline === true) return 'FAILED_CONTINUE';
  if (config.failPipeline !== false) return 'TERMINAL';
  return 'STOPPED';
}
