import { z } from 'zod';
import type { StageDefinition } from './types';

const preconditionSchema = z
  .object({
    type: z.literal('expression', { errorMap: () => ({ message: "only 'expression' preconditions are supported" }) }),
    context: z.object({ expression: z.unknown(), failureMessage: z.string().optional() }).passthrough(),
    failPipeline: z.boolean().optional(),
  })
  .passthrough();

interface Precondition {
  context: { expression: unknown; failureMessage?: string };
  failPipeline?: boolean;
}

/**
 * `checkPreconditions`: every expression must evaluate to true. A failed precondition with
 * `failPipeline: false` is recorded but does not fail the stage (as in Orca).
 */
export const checkPreconditionsStage: StageDefinition = {
  type: 'checkPreconditions',
  schema: z.object({ preconditions: z.array(preconditionSchema).min(1, 'at least one precondition') }).passthrough(),
  async run({ config, stage }) {
    const results = ((config.preconditions as Precondition[]) ?? []).map((p, index) => {
      const value = p.context.expression;
      const passed = value === true || value === 'true';
      return { index, passed, failPipeline: p.failPipeline !== false, value, failureMessage: p.context.failureMessage };
    });
    stage.context.preconditionResults = results.map(({ index, passed, value }) => ({ index, passed, value }));
    const failed = results.filter((r) => !r.passed && r.failPipeline);
    if (failed.length === 0) return { outputs: {} };
    const reasons = failed.map(
      (r) => r.failureMessage ?? `precondition ${r.index} evaluated to ${JSON.stringify(r.value)}, not true`,
    );
    return { status: 'TERMINAL', error: reasons.join('; ') };
  },
};
