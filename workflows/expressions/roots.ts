import type { PipelineExecution } from '../model/execution';
import { FORBIDDEN_NAMES, isPlainObject } from './values';

const BUILT_IN_ROOTS = ['execution', 'trigger', 'parameters'];

/**
 * The names an expression can start from: `execution`, `trigger`, `parameters`, then every key of
 * `execution.variables` (a variable cannot shadow the three built-in names).
 */
export function buildRoots(execution: PipelineExecution): Map<string, unknown> {
  const trigger: unknown = execution.trigger ?? null;
  const parameters: unknown = isPlainObject(trigger) && isPlainObject(trigger.parameters) ? trigger.parameters : {};
  const roots = new Map<string, unknown>([
    ['execution', execution],
    ['trigger', trigger],
    ['parameters', parameters],
  ]);
  const variables: unknown = execution.variables;
  if (isPlainObject(variables)) {
    for (const [key, value] of Object.entries(variables)) {
      if (!BUILT_IN_ROOTS.includes(key) && !FORBIDDEN_NAMES.has(key)) roots.set(key, value ?? null);
    }
  }
  return roots;
}
