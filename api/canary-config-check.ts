/**
 * Validation of Kayenta canary configs submitted over the API: the judge's own validator (the one
 * the canary activities trust) plus what storing needs, every problem with its JSON path.
 */
import { validateCanaryConfig } from '../canary/config';
import type { CanaryConfigInput } from '../prisma/canary-config-store';
import type { ValidationProblem } from '../workflows/validation/problem';
import { badRequest } from './errors';
import { MAX_NAME_LENGTH, nameTooLong } from './ids';

/** Ids appear in URLs: letters, digits and `._:~-`, as Kayenta's UUIDs and hand-picked ids are. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:~-]{0,199}$/;

function prefixed(problems: ValidationProblem[], prefix: string): ValidationProblem[] {
  if (!prefix) return problems;
  return problems.map((p) => ({ ...p, path: p.path ? (p.path.startsWith('[') ? `${prefix}${p.path}` : `${prefix}.${p.path}`) : prefix }));
}

/**
 * Every problem of a canary config (paths from `prefix`, e.g. `canaryConfig`). With `forStorage`,
 * it also needs at least one application (Kayenta refuses to store a config without one) and an
 * `id`, when given, must fit in a URL path segment.
 */
export function canaryConfigProblems(body: unknown, options: { prefix?: string; forStorage?: boolean } = {}): ValidationProblem[] {
  const problems = validateCanaryConfig(body);
  if (options.forStorage && typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const { id, name, applications } = body as Record<string, unknown>;
    // The name and application names are index keys.
    if (typeof name === 'string' && name.length > MAX_NAME_LENGTH) problems.push({ path: 'name', message: nameTooLong });
    if (Array.isArray(applications)) {
      applications.forEach((application, i) => {
        if (typeof application === 'string' && application.length > MAX_NAME_LENGTH) {
          problems.push({ path: `applications[${i}]`, message: nameTooLong });
        }
      });
    }
    if (id !== undefined && (typeof id !== 'string' || !ID_PATTERN.test(id))) {
      problems.push({ path: 'id', message: 'must be a string of 1-200 letters, digits or ._:~- (starting with a letter or digit)' });
    }
    const reported = problems.some((p) => p.path === 'applications' || p.path.startsWith('applications['));
    if (!reported && (!Array.isArray(applications) || !applications.some((a) => typeof a === 'string' && a.trim()))) {
      problems.push({ path: 'applications', message: 'needs at least one application name' });
    }
  }
  return prefixed(problems, options.prefix ?? '');
}

/** Throws a 400 naming every problem, or returns the config as the store takes it. */
export function checkCanaryConfig(body: unknown): CanaryConfigInput {
  const problems = canaryConfigProblems(body, { forStorage: true });
  if (problems.length) {
    throw badRequest(`invalid canary config: ${problems.map((p) => `${p.path || '(root)'}: ${p.message}`).join('; ')}`, problems);
  }
  return body as CanaryConfigInput;
}
