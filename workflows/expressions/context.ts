import type { PipelineExecution } from '../model/execution';
import type { ExpressionBudget } from './budget';

/** What an expression can see. */
export interface ExpressionContext {
  /** Root for `execution.*`, `trigger.*`, `parameters.*`, evaluated variables and `#stage(...)`. */
  execution: PipelineExecution;
  /** The stage being evaluated, for `#currentStage()`. */
  currentStageRefId?: string;
  /**
   * A budget shared by many expressions (the workflow task's), or {@link ExpressionBudget.legacy}
   * to replay executions recorded before the budgets. Each expression gets its own budget below it;
   * without one, each expression has only its own.
   */
  budget?: ExpressionBudget;
}
