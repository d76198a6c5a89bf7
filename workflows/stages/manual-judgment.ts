import { condition } from '@temporalio/workflow';
import { z } from 'zod';
import type { StageDefinition } from './types';

/** Spinnaker's default: a judgment waits three days before the stage times out. */
const THREE_DAYS_MS = 3 * 24 * 60 * 60 * 1000;

/** Roles that may judge a stage (`requiredJudgmentRoles`, or the older `selectedStageRoles`). */
export function judgmentRoles(context: Record<string, unknown>): string[] {
  const roles = context.requiredJudgmentRoles ?? context.selectedStageRoles;
  return Array.isArray(roles) ? roles.map(String) : [];
}

/** Allowed `judgmentInput` values; empty when the stage accepts any. */
export function judgmentInputValues(context: Record<string, unknown>): string[] {
  const inputs = context.judgmentInputs;
  return Array.isArray(inputs) ? inputs.map((i) => String((i as { value?: unknown })?.value ?? i)) : [];
}

/**
 * `manualJudgment`: waits until an approver answers "continue" (SUCCEEDED) or "stop" (TERMINAL).
 * The answer is written into the stage context by the judgment handlers in `engine/messages.ts`.
 */
export const manualJudgmentStage: StageDefinition = {
  type: 'manualJudgment',
  defaultTimeoutMs: THREE_DAYS_MS,
  schema: z
    .object({
      instructions: z.string().optional(),
      judgmentInputs: z.array(z.object({ value: z.string() }).passthrough()).optional(),
      requiredJudgmentRoles: z.array(z.string()).optional(),
      selectedStageRoles: z.array(z.string()).optional(),
      notifications: z.array(z.unknown()).optional(),
    })
    .passthrough(),
  async run({ stage, setWaitingFor }) {
    const inputs = judgmentInputValues(stage.context);
    const choices = inputs.length ? ` (inputs: ${inputs.join(', ')})` : '';
    setWaitingFor(`Manual judgment '${stage.name}' awaiting continue/stop${choices}`);
    await condition(() => stage.context.judgmentStatus !== undefined);
    const status = stage.context.judgmentStatus;
    if (status === 'stop') {
      return { status: 'TERMINAL', error: `Judged 'stop' by ${String(stage.context.lastModifiedBy ?? 'anonymous')}` };
    }
    return { outputs: { judgmentStatus: status, judgmentInput: stage.context.judgmentInput } };
  },
};
