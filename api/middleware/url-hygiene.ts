/**
 * Refuses a request target that cannot be read safely, before any route, body parser or store sees
 * it: bad percent-encoding (`%ZZ`, overlong `%C0%AE`, a UTF-8 sequence for a surrogate), NUL or a
 * lone surrogate anywhere, control characters or more than 1,000 bytes in a path segment (every
 * segment is an identifier: an application, a pipeline or execution id, a name), and the same for
 * the values of identifier query parameters. One 400 lists every problem, each named
 * `path.<parameter>` or `query.<name>`.
 */
import type { RequestHandler } from 'express';
import type { ValidationProblem } from '../../workflows/validation/problem';
import { badRequest } from '../errors';
import { type RouteEntry, segmentName } from './route-table';
import { identifierProblem, preview, textProblem, tryDecode } from './text-checks';

/**
 * Query parameters whose values are identifiers (comma-separated lists included): they reach
 * database lookups and Temporal visibility queries, so they follow the identifier rules.
 */
export const IDENTIFIER_QUERY_PARAMETERS: ReadonlySet<string> = new Set([
  'application',
  'canaryConfigId',
  'executionIds',
  'metricsAccountName',
  'parentPipelineExecutionId',
  'pipelineConfigIds',
  'statuses',
  'storageAccountName',
]);

/** Values of one list parameter (`executionIds=a,b`), so one request cannot fan out without bound. */
export const MAX_LIST_VALUES = 1000;

function pathProblems(rawPath: string, routes: readonly RouteEntry[]): ValidationProblem[] {
  const raw = rawPath.split('/').slice(1);
  const decoded = raw.map(tryDecode);
  const problems: ValidationProblem[] = [];
  raw.forEach((segment, index) => {
    const text = decoded[index];
    const problem =
      text === undefined ? `${preview(segment)} is not valid percent-encoded UTF-8` : identifierProblem(text);
    if (problem) problems.push({ path: segmentName(routes, decoded, index), message: problem });
  });
  return problems;
}

/** `a+b` is `a b` in a query string (HTML forms, Go's url.Values). */
const decodeQueryPart = (part: string) => tryDecode(part.replace(/\+/g, ' '));

function queryProblems(rawQuery: string): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  for (const pair of rawQuery.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    const key = decodeQueryPart(rawKey);
    const name = `query.${key !== undefined && !textProblem(key) ? key : preview(rawKey)}`;
    if (key === undefined) {
      problems.push({ path: name, message: `the name ${preview(rawKey)} is not valid percent-encoded UTF-8` });
      continue;
    }
    const keyProblem = textProblem(key);
    if (keyProblem) {
      problems.push({ path: name, message: `the name ${keyProblem}` });
      continue;
    }
    const value = decodeQueryPart(rawValue);
    if (value === undefined) {
      problems.push({ path: name, message: `${preview(rawValue)} is not valid percent-encoded UTF-8` });
      continue;
    }
    if (!IDENTIFIER_QUERY_PARAMETERS.has(key)) {
      const problem = textProblem(value);
      if (problem) problems.push({ path: name, message: problem });
      continue;
    }
    const items = value.split(',');
    if (items.length > MAX_LIST_VALUES) {
      problems.push({ path: name, message: `must list at most ${MAX_LIST_VALUES} values` });
      continue;
    }
    for (const item of items) {
      const problem = identifierProblem(item.trim());
      if (problem) {
        problems.push({ path: name, message: problem });
        break;
      }
    }
  }
  return problems;
}

/** Every problem of a raw request target (`/path?query`, as received). */
export function requestTargetProblems(url: string, routes: readonly RouteEntry[]): ValidationProblem[] {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? '' : url.slice(q + 1);
  return [...pathProblems(path, routes), ...queryProblems(query)];
}

/** The middleware: a 400 listing every problem of the request target, before routing. */
export function refuseMalformedTargets(routes: () => readonly RouteEntry[]): RequestHandler {
  return (req, _res, next) => {
    const problems = requestTargetProblems(req.url, routes());
    if (!problems.length) return next();
    const summary = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
    next(badRequest(`invalid request target: ${summary}`, problems));
  };
}
