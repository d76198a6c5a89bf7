import { badRequest } from './errors';
import { listParam } from './query-params';

/** Every status Orca knows; filters accept any of them. */
export const ORCA_STATUSES = [
  'NOT_STARTED',
  'RUNNING',
  'PAUSED',
  'SUSPENDED',
  'SUCCEEDED',
  'FAILED_CONTINUE',
  'TERMINAL',
  'CANCELED',
  'REDIRECT',
  'STOPPED',
  'SKIPPED',
  'BUFFERED',
] as const;

/** `statuses=RUNNING,terminal` → upper-cased list; empty → undefined (no filter); unknown → 400. */
export function statusesParam(value: unknown): string[] | undefined {
  const statuses = listParam(value)?.map((s) => s.toUpperCase());
  const unknown = statuses?.filter((s) => !(ORCA_STATUSES as readonly string[]).includes(s)) ?? [];
  if (unknown.length) {
    const message = `unknown status ${unknown.join(', ')}; use ${ORCA_STATUSES.join(', ')}`;
    throw badRequest(`invalid query parameter statuses: ${message}`, [{ path: 'query.statuses', message }]);
  }
  return statuses;
}
