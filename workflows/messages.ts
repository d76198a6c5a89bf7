/**
 * Every message a running pipeline execution understands. The API imports these definitions so
 * each update, signal and query is type-checked end to end. Each takes one object payload, which
 * is what the Temporal Web UI's "Send a Signal" / "Send an Update" dialogs can send.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { PipelineExecution, StageExecution } from './model/execution';

/** A manual judgment, from REST (update), the Web UI or the CLI (signal). */
export interface JudgmentInput {
  /** Stage id, refId or name (the signal accepts any; REST sends the stage id). */
  stage: string;
  judgmentStatus: 'continue' | 'stop';
  judgmentInput?: string;
  user?: string;
  comment?: string;
  /**
   * Roles of the user, resolved by the API from its auth configuration. A signal from the Web UI
   * carries none, so a stage with required roles cannot be judged by signal unless roles are given.
   */
  roles?: string[];
}

/** `PATCH /pipelines/{id}/stages/{stageId}`: a judgment and/or skipping a wait. */
export interface StagePatchInput {
  stage: string;
  judgmentStatus?: 'continue' | 'stop';
  judgmentInput?: string;
  comment?: string;
  skipRemainingWait?: boolean;
  user?: string;
  roles?: string[];
}

export interface CancelInput {
  reason?: string;
  user?: string;
}

export interface PauseInput {
  user?: string;
}

/** The whole execution document. */
export const executionQuery = defineQuery<PipelineExecution>('execution');

/** Judgment or skip over REST: validated, answered with the updated stage. */
export const patchStageUpdate = defineUpdate<StageExecution, [StagePatchInput]>('patchStage');

/** Judgment from the Web UI or `temporal workflow signal --name manualJudgment`. */
export const manualJudgmentSignal = defineSignal<[JudgmentInput]>('manualJudgment');

/** Skip the remaining time of a waiting `wait` stage (Web UI / CLI form). */
export const skipWaitSignal = defineSignal<[{ stage: string; user?: string }]>('skipRemainingWait');

export const cancelUpdate = defineUpdate<PipelineExecution, [CancelInput]>('cancel');
export const pauseUpdate = defineUpdate<PipelineExecution, [PauseInput]>('pause');
export const resumeUpdate = defineUpdate<PipelineExecution, [PauseInput]>('resume');
