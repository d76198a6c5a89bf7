import { patched, setHandler } from '@temporalio/workflow';
import {
  cancelUpdate,
  executionQuery,
  manualJudgmentSignal,
  patchStageUpdate,
  pauseUpdate,
  resumeUpdate,
  skipWaitSignal,
  type StagePatchInput,
} from '../messages';
import { COMPLETED_STATUSES, type PipelineExecution, type RejectedMessage } from '../model/execution';
import { fitDocument } from './document-size';
import { findStage } from './find-stage';
import { applyStagePatch, checkStagePatch } from './judgment';
import { checkMessage, quote } from './message-checks';
import { UNICODE_PATCH } from './patches';

/** Most rejected signals kept in the document (older ones are dropped). */
const MAX_REJECTED = 20;

/** What the handlers need from the running workflow besides the document. */
export interface HandlerHooks {
  onCancel(): void;
  onStatusChange(): void;
}

function isDone(execution: PipelineExecution): boolean {
  return COMPLETED_STATUSES.includes(execution.status);
}

function reject(list: RejectedMessage[] | undefined, entry: RejectedMessage): RejectedMessage[] {
  return [...(list ?? []), entry].slice(-MAX_REJECTED);
}

/** An update validator that refuses a bad payload before the handler's own checks run. */
function refuse(problem: string | undefined): void {
  // The message is built from checked or quoted text only, so the refusal itself is encodable.
  if (problem) throw new Error(problem);
}

/**
 * Installs every query, update and signal of `messages.ts`. Updates validate first, so a bad
 * request is refused without touching history; signals cannot be refused, so an invalid one is
 * recorded (in the stage when it names one, else in the execution) and otherwise ignored.
 */
export function installHandlers(execution: PipelineExecution, hooks: HandlerHooks): void {
  setHandler(executionQuery, () => fitDocument(execution));

  setHandler(patchStageUpdate, (patch) => applyStagePatch(execution, patch, Date.now()), {
    validator: (patch) => refuse(checkMessage(execution, patchStageUpdate.name, patch, true) ?? checkStagePatch(execution, patch)),
  });

  const signalPatch = (name: string, patch: StagePatchInput) => {
    // Old histories recorded such signals as accepted: keep replaying them as they ran.
    const refused = patched(UNICODE_PATCH) ? checkMessage(execution, name, patch, true) : undefined;
    const problem = refused ?? checkStagePatch(execution, patch);
    if (!problem) {
      applyStagePatch(execution, patch, Date.now());
      return;
    }
    const user = refused && patch?.user !== undefined ? quote(patch.user) : patch?.user;
    const entry = { name, reason: problem, user, at: Date.now() };
    const stage = typeof patch?.stage === 'string' ? findStage(execution, patch.stage) : undefined;
    if (stage) stage.context.rejectedJudgments = reject(stage.context.rejectedJudgments as RejectedMessage[], entry);
    else execution.rejectedMessages = reject(execution.rejectedMessages, entry);
  };
  setHandler(manualJudgmentSignal, (input) => signalPatch(manualJudgmentSignal.name, input));
  setHandler(skipWaitSignal, (input) => signalPatch(skipWaitSignal.name, { ...input, skipRemainingWait: true }));

  setHandler(
    cancelUpdate,
    (input) => {
      execution.canceled = true;
      execution.canceledBy = input?.user ?? 'anonymous';
      if (input?.reason) execution.cancellationReason = input.reason;
      hooks.onCancel();
      return fitDocument(execution);
    },
    {
      validator: (input) => {
        refuse(checkMessage(execution, cancelUpdate.name, input));
        if (isDone(execution) || execution.canceled) throw new Error(`execution ${execution.id} is already ${execution.canceled ? 'CANCELED' : execution.status}`);
      },
    },
  );

  setHandler(
    pauseUpdate,
    (input) => {
      execution.paused = { pauseTime: Date.now(), pausedMs: execution.paused?.pausedMs ?? 0, pausedBy: input?.user ?? 'anonymous' };
      execution.status = 'PAUSED';
      hooks.onStatusChange();
      return fitDocument(execution);
    },
    {
      validator: (input) => {
        refuse(checkMessage(execution, pauseUpdate.name, input));
        if (execution.status !== 'RUNNING') throw new Error(`execution ${execution.id} is ${execution.status}; only a RUNNING execution can be paused`);
      },
    },
  );

  setHandler(
    resumeUpdate,
    (input) => {
      const paused = execution.paused!;
      const now = Date.now();
      execution.paused = { ...paused, resumeTime: now, pausedMs: paused.pausedMs + (now - paused.pauseTime), resumedBy: input?.user ?? 'anonymous' };
      execution.status = 'RUNNING';
      hooks.onStatusChange();
      return fitDocument(execution);
    },
    {
      validator: (input) => {
        refuse(checkMessage(execution, resumeUpdate.name, input));
        if (execution.status !== 'PAUSED') throw new Error(`execution ${execution.id} is ${execution.status}, not PAUSED`);
      },
    },
  );
}
