/**
 * Query-string parsing with Spinnaker's conventions: comma-separated lists, and an empty value
 * (`statuses=`, as spin sends) meaning "no filter".
 */
import { badRequest } from './errors';

/** `a,b` or repeated `x=a&x=b` → `['a','b']`; absent or empty → undefined. */
export function listParam(value: unknown): string[] | undefined {
  const raw = Array.isArray(value) ? value : value === undefined ? [] : [value];
  const items = raw
    .filter((v): v is string => typeof v === 'string')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return items.length ? items : undefined;
}

/** A single string parameter; absent or empty → undefined. */
export function stringParam(value: unknown): string | undefined {
  const single = Array.isArray(value) ? value[0] : value;
  return typeof single === 'string' && single.trim() !== '' ? single : undefined;
}

/** A parameter that takes one value: given twice (`?limit=1&limit=2`) is a 400, not a silent pick. */
function single(value: unknown, name: string): unknown {
  if (!Array.isArray(value)) return value;
  const message = 'must be given once';
  throw badRequest(`invalid query parameter ${name}: ${message}`, [{ path: `query.${name}`, message }]);
}

/** An integer within bounds; absent or empty → undefined; anything else → 400 naming `query.<name>`. */
export function intParam(value: unknown, name: string, bounds: { min: number; max: number }): number | undefined {
  const raw = stringParam(single(value, name));
  if (raw === undefined) return undefined;
  // Decimal digits only: Number() would also take `0x10`, `1e3` and ` 5 `.
  const parsed = /^[+-]?\d{1,16}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(parsed) || parsed < bounds.min || parsed > bounds.max) {
    const message = `must be an integer from ${bounds.min} to ${bounds.max}`;
    throw badRequest(`invalid query parameter ${name}: ${message}`, [{ path: `query.${name}`, message }]);
  }
  return parsed;
}

/** `true`/`false` (any case); absent or empty → undefined; anything else → 400. */
export function boolParam(value: unknown, name: string): boolean | undefined {
  const raw = stringParam(single(value, name))?.toLowerCase();
  if (raw === undefined) return undefined;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  const message = 'must be true or false';
  throw badRequest(`invalid query parameter ${name}: ${message}`, [{ path: `query.${name}`, message }]);
}
