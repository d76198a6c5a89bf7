import type { ZodTypeAny } from 'zod';
import type { ExecutionStatus, PipelineExecution, StageExecution } from '../model/execution';

/** What a stage runner returns when it ends without throwing. */
export interface StageOutcome {
  /** SUCCEEDED unless the stage decided otherwise (e.g. a "stop" judgment → TERMINAL). */
  status?: Extract<ExecutionStatus, 'SUCCEEDED' | 'TERMINAL' | 'CANCELED'>;
  outputs?: Record<string, unknown>;
  /** Set with a failing status: why, in words. */
  error?: string;
}

/** What the engine hands a running stage. */
export interface StageRunContext {
  /** The live stage record: runners may add to `stage.context` and `stage.outputs`. */
  stage: StageExecution;
  /** The stage's config with `${…}` expressions already evaluated. */
  config: Record<string, unknown>;
  /** The whole execution document (read-only for runners). */
  execution: PipelineExecution;
  /** Says what the stage waits for, shown as the workflow's current details in the Web UI. */
  setWaitingFor(text: string | undefined): void;
}

/** What the engine hands a stage it asks to undo its changes. */
export interface StageCompensationContext {
  /** The stage as it ended (its context holds the evaluated config, its outputs what it did). */
  stage: StageExecution;
  execution: PipelineExecution;
  /** Why the pipeline is rolling back: it failed, or it was canceled. */
  reason: 'TERMINAL' | 'CANCELED';
}

/** A stage type: its config schema (shared by the API and the workflow) and how it runs. */
export interface StageDefinition {
  type: string;
  /** Validates the type-specific fields of a stage config. Unknown fields must pass through. */
  schema: ZodTypeAny;
  /** Timeout applied when the stage config sets no `stageTimeoutMs`. */
  defaultTimeoutMs?: number;
  /** Runs in the workflow sandbox: timers, conditions, activities, child workflows only. */
  run(ctx: StageRunContext): Promise<StageOutcome>;
  /**
   * Undoes what a SUCCEEDED stage changed, when the stage asked for it (`rollbackOnFailure: true`
   * or Spinnaker's `rollback: {onFailure: true}`) and the execution ends TERMINAL or CANCELED.
   * The engine runs compensations newest stage first, in a non-cancellable scope; a throw is
   * recorded in `context.rollback` and does not stop the other compensations.
   */
  compensate?(ctx: StageCompensationContext): Promise<void>;
}

/** Thrown by a runner to fail its stage with a message (no stack in the document). */
export class StageFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StageFailure';
  }
}
