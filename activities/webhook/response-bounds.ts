/**
 * Bounds on what a webhook response may put into the execution document (`context.webhook`):
 * a body of at most `MAX_BODY_BYTES`, headers of at most `MAX_HEADER_BYTES`, JSON nested at most
 * `MAX_JSON_DEPTH` deep, and only well-formed Unicode (a lone UTF-16 surrogate cannot be encoded
 * into workflow history and would stop the worker).
 */

/** Largest response body kept in the stage; a longer one is kept as truncated text. */
export const MAX_BODY_BYTES = 32 * 1024;
/** Response header block limit (the HTTP client refuses a larger one as a network error). */
export const MAX_HEADER_BYTES = 16 * 1024;
/** Deeper JSON is kept as text: serialising it again must not exhaust the stack. */
export const MAX_JSON_DEPTH = 64;
/** Appended to a body cut at `MAX_BODY_BYTES`. */
export const TRUNCATED_MARKER = '…(truncated)';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Replaces each lone UTF-16 surrogate with U+FFFD. */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * A parsed JSON value with every string and key well-formed, or undefined when it is nested
 * deeper than `MAX_JSON_DEPTH`.
 */
export function boundedJson(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return wellFormed(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_JSON_DEPTH) throw new RangeError('too deep');
  if (Array.isArray(value)) return value.map((item) => boundedJson(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    Object.defineProperty(out, wellFormed(key), { value: boundedJson(item, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * The body as the stage keeps it: parsed JSON when the response says JSON and it parses within
 * the bounds, else text; over `MAX_BODY_BYTES`, the first bytes as text plus `TRUNCATED_MARKER`.
 */
export function boundedBody(bytes: Buffer, truncated: boolean, contentType: string): unknown {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (truncated) return `${text}${TRUNCATED_MARKER}`;
  if (contentType.includes('json')) {
    try {
      return text ? boundedJson(JSON.parse(text)) : null;
    } catch {
      // A body that claims JSON but is not (or is too deep) stays as text.
    }
  }
  return text;
}
