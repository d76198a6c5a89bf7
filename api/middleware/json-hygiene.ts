/**
 * Refuses a parsed JSON body that no store or workflow can take, before any route sees it: a body
 * that is not an object or array, nesting
 * deeper than MAX_JSON_DEPTH (every later recursive walk — validation, Prisma, Temporal's payload
 * converter, the expression evaluator — stays far from the stack limit), NUL in a string or key
 * (PostgreSQL refuses it), a lone UTF-16 surrogate (not Unicode: Prisma and the workflow's
 * completion encoder fail on it), and numbers beyond a double (`1e400` parses to Infinity).
 *
 * The walk is iterative, so a 50,000-deep body costs a loop, not a stack overflow. Messages name
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

/** A value waiting to be checked, with a link to its parent so its path is built only when needed. */
interface Pending {
  value: unknown;
  depth: number;
  parent?: Pending;
  key?: string | number;
}

const SIMPLE_KEY = /^[A-Za-z_$][\w$-]*$/;

function pathOf(node: Pending): string {
  const parts: (string | number)[] = [];
  for (let at: Pending | undefined = node; at?.parent; at = at.parent) parts.push(at.key!);
  let out = '';
  for (const part of parts.reverse()) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (SIMPLE_KEY.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** Every problem of a parsed JSON value (the first MAX_REPORTED of them) and how many there were. */
export function jsonValueProblems(root: unknown): { problems: ValidationProblem[]; total: number } {
  const problems: ValidationProblem[] = [];
  let total = 0;
  const report = (node: Pending, message: string) => {
    total++;
    if (problems.length < MAX_REPORTED) problems.push({ path: pathOf(node), message });
  };
  const stack: Pending[] = [{ value: root, depth: 1 }];
  while (stack.length) {
    const node = stack.pop()!;
    const { value } = node;
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) report(node, problem);
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) report(node, 'is a number too large for a double (JSON numbers must be finite)');
    } else if (value !== null && typeof value === 'object') {
      if (node.depth > MAX_JSON_DEPTH) {
        report(node, `nests deeper than ${MAX_JSON_DEPTH} levels of arrays and objects`);
        continue;
      }
      const depth = node.depth + 1;
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], depth, parent: node, key: i });
      } else {
        const keys = Object.keys(value);
        for (let i = keys.length - 1; i >= 0; i--) {
          const key = keys[i];
          const child: Pending = { value: (value as Record<string, unknown>)[key], depth, parent: node, key };
          const keyProblem = textProblem(key);
          if (keyProblem) report(child, `the key ${keyProblem}`);
          else stack.push(child);
        }
      }
    }
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
