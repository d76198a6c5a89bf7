import type { PipelineExecution } from '../model/execution';

/** What an expression can see. */
export interface ExpressionContext {
  /** Root for `execution.*`, `trigger.*`, `parameters.*`, evaluated variables and `#stage(...)`. */
  execution: PipelineExecution;
  /** The stage being evaluated, for `#currentStage()`. */
  currentStageRefId?: string;
}
