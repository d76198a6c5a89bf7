import type { JudgmentInput, StagePatchInput } from '../messages';
import type { PipelineExecution, StageExecution } from '../model/execution';
import { judgmentInputValues, judgmentRoles } from '../stages/manual-judgment';
import { findStage } from './find-stage';
import { quote } from './message-checks';

/** Why a judgment or skip cannot be applied, or undefined when it can. Pure: changes nothing. */
export function checkStagePatch(execution: PipelineExecution, patch: StagePatchInput): string | undefined {
  if (typeof patch !== 'object' || patch === null || typeof patch.stage !== 'string' || !patch.stage) {
    return "the payload must be an object naming the 'stage' (id, refId or name)";
  }
  const stage = findStage(execution, patch.stage);
  if (!stage) return `no stage '${quote(patch.stage)}' in execution ${execution.id}`;
  if (patch.judgmentStatus === undefined && !patch.skipRemainingWait) {
    return "nothing to do: give 'judgmentStatus' (continue|stop) or 'skipRemainingWait: true'";
  }
  if (patch.judgmentStatus !== undefined) return checkJudgment(stage, patch);
  if (stage.type !== 'wait') return `stage '${stage.name}' is a ${stage.type} stage; only wait stages can skip their remaining wait`;
  if (stage.status !== 'RUNNING') return `stage '${stage.name}' is ${stage.status}, not waiting`;
  return undefined;
}

function checkJudgment(stage: StageExecution, patch: StagePatchInput): string | undefined {
  if (stage.type !== 'manualJudgment') return `stage '${stage.name}' is a ${stage.type} stage, not a manual judgment`;
  if (stage.status !== 'RUNNING') return `stage '${stage.name}' is ${stage.status}, not awaiting judgment`;
  if (stage.context.judgmentStatus !== undefined) return `stage '${stage.name}' was already judged '${String(stage.context.judgmentStatus)}'`;
  if (patch.judgmentStatus !== 'continue' && patch.judgmentStatus !== 'stop') {
    return `judgmentStatus must be 'continue' or 'stop', got ${quote(JSON.stringify(patch.judgmentStatus))}`;
  }
  const allowed = judgmentInputValues(stage.context);
  if (patch.judgmentInput !== undefined && patch.judgmentInput !== null && allowed.length && !allowed.includes(String(patch.judgmentInput))) {
    return `judgmentInput '${quote(patch.judgmentInput)}' is not one of: ${allowed.join(', ')}`;
  }
  const required = judgmentRoles(stage.context);
  if (required.length && !(patch.roles ?? []).some((r) => required.includes(r))) {
    return `user '${quote(patch.user ?? 'anonymous')}' lacks a role required to judge '${stage.name}' (${required.join(', ')})`;
  }
  return undefined;
}

/** Records an accepted judgment or skip in the stage context; the stage's runner reacts to it. */
export function applyStagePatch(execution: PipelineExecution, patch: StagePatchInput | JudgmentInput, now: number): StageExecution {
  const stage = findStage(execution, patch.stage)!;
  const user = patch.user ?? 'anonymous';
  if (patch.judgmentStatus !== undefined) {
    stage.context.judgmentStatus = patch.judgmentStatus;
    if (patch.judgmentInput !== undefined) stage.context.judgmentInput = patch.judgmentInput;
    if (patch.comment !== undefined) stage.context.judgmentComment = patch.comment;
    stage.context.lastModifiedBy = user;
    stage.context.judgedBy = user;
    stage.context.judgedAt = now;
  } else {
    stage.context.skipRemainingWait = true;
    stage.context.lastModifiedBy = user;
  }
  return stage;
}
