/** Turns zod results into the API's problem list: every problem at once, each with its JSON path. */
import type { ZodError, ZodType, ZodTypeDef } from 'zod';
import type { ValidationProblem } from '../workflows/validation/problem';
import { badRequest } from './errors';

/** `['stages', 1, 'refId']` → `stages[1].refId`; `prefix` names where the value came from (e.g. `query`). */
export function jsonPath(path: readonly (string | number)[], prefix = ''): string {
  let out = prefix;
  for (const part of path) {
    out += typeof part === 'number' ? `[${part}]` : out ? `.${part}` : part;
  }
  return out;
}

export function zodProblems(error: ZodError, prefix = ''): ValidationProblem[] {
  return error.issues.map((issue) => ({ path: jsonPath(issue.path, prefix), message: issue.message }));
}

/** Parses `value` with `schema` or throws a 400 listing every problem. */
export function parseOrThrow<T>(
  schema: ZodType<T, ZodTypeDef, unknown>,
  value: unknown,
  what: string,
  prefix = '',
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = zodProblems(result.error, prefix);
  throw badRequest(`invalid ${what}: ${problems.map((p) => `${p.path || '(root)'}: ${p.message}`).join('; ')}`, problems);
}

/** Problems from several sources, without repeats. */
export function mergeProblems(...lists: ValidationProblem[][]): ValidationProblem[] {
  const seen = new Set<string>();
  const merged: ValidationProblem[] = [];
  for (const problem of lists.flat()) {
    const key = `${problem.path}\u0000${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      merged.push(problem);
    }
  }
  return merged;
}
