/**
 * Refuses a parsed JSON body that no store or workflow can take, before any route sees it: a body
 * that is not an object or array, nesting
 * deeper than MAX_JSON_DEPTH (every later recursive walk — validation, Prisma, Temporal's payload
 * converter, the expression evaluator — stays far from the stack limit), NUL in a string or key
 * (PostgreSQL refuses it), a lone UTF-16 surrogate (not Unicode: Prisma and the workflow's
 * completion encoder fail on it), and numbers beyond a double (`1e400` parses to Infinity).
 *
 * The walk is iterative and holds one frame per level, so a 50,000-deep body costs a loop, not a
 * stack overflow, and a body of millions of values no more memory than a deep one. Messages name
 * the JSON path and never quote the value (a body may hold a secret, e.g. a kubeconfig).
 */
import type { RequestHandler } from 'express';
import type { ValidationProblem } from '../../workflows/validation/problem';
import { badRequest } from '../errors';
import { textProblem } from './text-checks';

/** Deepest nesting of arrays and objects a body may have (the top-level value is depth 1). */
export const MAX_JSON_DEPTH = 64;

/** Problems reported at most; the message says how many more there were. */
const MAX_REPORTED = 50;

/**
 * One object or array being walked. Only containers get a frame (strings and numbers are checked
 * in place), so a walk holds at most MAX_JSON_DEPTH frames whatever the size of the body.
 */
interface Frame {
  container: object;
  /** An object's keys; null for an array (its indexes are the keys). */
  keys: readonly string[] | null;
  length: number;
  next: number;
  depth: number;
  parent?: Frame;
  /** This container's key in its parent. */
  key?: string | number;
}

const SIMPLE_KEY = /^[A-Za-z_$][\w$-]*$/;

function pathOf(parent: Frame | undefined, key: string | number | undefined): string {
  const parts: (string | number)[] = key === undefined ? [] : [key];
  for (let at = parent; at && at.key !== undefined; at = at.parent) parts.push(at.key);
  let out = '';
  for (const part of parts.reverse()) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (SIMPLE_KEY.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

function frameFor(container: object, depth: number, parent?: Frame, key?: string | number): Frame {
  const keys = Array.isArray(container) ? null : Object.keys(container);
  return { container, keys, length: keys ? keys.length : (container as unknown[]).length, next: 0, depth, parent, key };
}

/** Every problem of a parsed JSON value (the first MAX_REPORTED of them) and how many there were. */
export function jsonValueProblems(root: unknown): { problems: ValidationProblem[]; total: number } {
  const problems: ValidationProblem[] = [];
  let total = 0;
  const report = (parent: Frame | undefined, key: string | number | undefined, message: string) => {
    total++;
    if (problems.length < MAX_REPORTED) problems.push({ path: pathOf(parent, key), message });
  };
  /** Checks a scalar in place; answers whether `value` is a container to descend into. */
  const check = (value: unknown, parent: Frame | undefined, key: string | number | undefined): value is object => {
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) report(parent, key, problem);
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) report(parent, key, 'is a number too large for a double (JSON numbers must be finite)');
    }
    return value !== null && typeof value === 'object';
  };

  if (!check(root, undefined, undefined)) return { problems, total };
  const stack: Frame[] = [frameFor(root, 1)];
  while (stack.length) {
    const frame = stack[stack.length - 1];
    if (frame.next === frame.length) {
      stack.pop();
      continue;
    }
    const index = frame.next++;
    const key = frame.keys ? frame.keys[index] : index;
    if (typeof key === 'string') {
      const keyProblem = textProblem(key);
      if (keyProblem) {
        report(frame, key, `the key ${keyProblem}`);
        continue;
      }
    }
    const value = (frame.container as Record<string | number, unknown>)[key];
    if (!check(value, frame, key)) continue;
    if (frame.depth >= MAX_JSON_DEPTH) report(frame, key, `nests deeper than ${MAX_JSON_DEPTH} levels of arrays and objects`);
    else stack.push(frameFor(value, frame.depth + 1, frame, key));
  }
  return { problems, total };
}

/** The middleware: a 400 naming every unsafe place in `req.body`. */
export const refuseUnsafeJson: RequestHandler = (req, _res, next) => {
  if (req.body === undefined) return next();
  if (req.body === null || typeof req.body !== 'object') {
    const message = `must be a JSON object or array, not ${req.body === null ? 'null' : typeof req.body}`;
    return next(badRequest(`invalid JSON body: ${message}`, [{ path: '', message }]));
  }
  const { problems, total } = jsonValueProblems(req.body);
  if (!problems.length) return next();
  const more = total > problems.length ? ` (and ${total - problems.length} more)` : '';
  const summary = problems
    .slice(0, 5)
    .map((p) => `${p.path || '(root)'}: ${p.message}`)
    .join('; ');
  next(badRequest(`invalid JSON body: ${summary}${problems.length > 5 ? '; …' : ''}${more}`, problems));
};
