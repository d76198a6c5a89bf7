import { condition } from '@temporalio/workflow';
import { z } from 'zod';
import type { StageDefinition } from './types';

/** `wait`: a durable timer of `waitTime` seconds that an operator can cut short (`skipRemainingWait`). */
export const waitStage: StageDefinition = {
  type: 'wait',
  schema: z
    .object({
      waitTime: z.union([z.number().nonnegative('waitTime must be a non-negative number of seconds'), z.string().min(1)], {
        errorMap: () => ({ message: 'waitTime must be a non-negative number of seconds (or an expression)' }),
      }),
      skipRemainingWait: z.boolean().optional(),
    })
    .passthrough(),
  async run({ stage, config, setWaitingFor }) {
    const seconds = Number(config.waitTime);
    if (!Number.isFinite(seconds) || seconds < 0) {
      return { status: 'TERMINAL', error: `waitTime '${String(config.waitTime)}' is not a non-negative number of seconds` };
    }
    stage.context.waitTime = seconds;
    if (seconds === 0) return { outputs: {} };
    setWaitingFor(`Waiting ${seconds}s in '${stage.name}'`);
    const skipped = await condition(() => stage.context.skipRemainingWait === true, seconds * 1000);
    return { outputs: skipped ? { skippedRemainingWait: true } : {} };
  },
};
