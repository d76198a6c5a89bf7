/** Small helpers for the JSON documents the stores keep. */

/** A plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A shallow copy of `value` without `keys`. */
export function omitKeys(value: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (!keys.includes(key)) copy[key] = field;
  }
  return copy;
}
