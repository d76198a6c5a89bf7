/**
 * Echo's `payloadConstraints`: every key must be in the payload and, when its value is a regular
 * expression, the payload's value must match it. A key may be a dotted path into nested JSON
 * (`repository.owner.login`, `commits[0].id`, optionally prefixed `$.` as in Echo's JsonPath); a
 * top-level key containing a dot is tried first. Gennaker matches the whole string (Echo finds
 * the pattern anywhere); a path reaching an array passes when any element matches.
 */
import { compileUserRegex, type UserRegex } from '../../workflows/expressions/regex';

const MAX_SHOWN = 80;

type Lookup = { found: false } | { found: true; value: unknown };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `a.b[0].c` → `['a', 'b', 0, 'c']`. */
function segments(path: string): (string | number)[] {
  const parts: (string | number)[] = [];
  for (const piece of path.replace(/^\$\.?/, '').split('.')) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(piece);
    if (!match) {
      parts.push(piece);
      continue;
    }
    if (match[1]) parts.push(match[1]);
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) parts.push(Number(index[1]));
  }
  return parts;
}

/** The value at `path` in `payload` (see the module comment). */
export function readPayloadPath(payload: unknown, path: string): Lookup {
  if (isObject(payload) && Object.hasOwn(payload, path)) return { found: true, value: payload[path] };
  let current: unknown = payload;
  for (const part of segments(path)) {
    if (typeof part === 'number' && Array.isArray(current) && part < current.length) current = current[part];
    else if (typeof part === 'string' && isObject(current) && Object.hasOwn(current, part)) current = current[part];
    else return { found: false };
  }
  return { found: true, value: current };
}

const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));
const shown = (value: string): string => (value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value);

/**
 * Why the payload fails the constraints (one sentence naming the first failing key), or undefined
 * when every constraint holds.
 */
export function payloadConstraintsMismatch(constraints: Record<string, unknown> | undefined, payload: unknown): string | undefined {
  for (const [key, pattern] of Object.entries(constraints ?? {})) {
    const lookup = readPayloadPath(payload, key);
    if (!lookup.found || lookup.value === null || lookup.value === undefined) {
      return `payloadConstraints: \`${key}\` is not in the payload`;
    }
    if (pattern === null || pattern === undefined || pattern === '') continue;
    const candidates = Array.isArray(lookup.value) ? lookup.value.map(text) : [text(lookup.value)];
    let regex: UserRegex;
    try {
      regex = compileUserRegex(String(pattern), { wholeInput: true });
    } catch (error) {
      return `payloadConstraints: \`${key}\`: ${(error as Error).message}`;
    }
    const matches = candidates.some((value) => {
      try {
        return regex.test(value);
      } catch {
        return false;
      }
    });
    if (!matches) {
      const value = Array.isArray(lookup.value) ? `[${candidates.join(', ')}]` : candidates[0];
      return `payloadConstraints: \`${key}\` = \`${shown(value)}\` does not match \`${String(pattern)}\``;
    }
  }
  return undefined;
}
