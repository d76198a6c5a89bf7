import { z } from 'zod';
import type { StageDefinition } from './types';

/** `evaluateVariables`: evaluates `variables[{key, value}]`; later expressions read them by key. */
export const evaluateVariablesStage: StageDefinition = {
  type: 'evaluateVariables',
  schema: z
    .object({
      variables: z.array(z.object({ key: z.string().min(1, 'key must not be empty'), value: z.unknown() }).passthrough()),
    })
    .passthrough(),
  async run({ config, execution }) {
    const variables = (config.variables as { key: string; value: unknown }[]) ?? [];
    const outputs: Record<string, unknown> = {};
    for (const { key, value } of variables) outputs[key] = value;
    execution.variables = { ...(execution.variables ?? {}), ...outputs };
    return { outputs };
  },
};
