/**
 * Character checks shared by the request-hygiene middleware: what text may enter the API from a
 * path, a query or a JSON body. PostgreSQL cannot store NUL (`\u0000`) in text or JSON, and a lone
 * UTF-16 surrogate is not valid Unicode: Prisma, Temporal's payload codecs and the workflow's
 * completion encoder all fail on it, so neither may get past the edge.
 */

/** A lone (unpaired) UTF-16 surrogate: in a `u` regex a well-formed pair is one code point. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** C0 control characters and DEL: never part of an identifier. */
const CONTROL = /[\u0000-\u001F\u007F]/;

/** Why `text` cannot be accepted anywhere, or undefined when it can. */
export function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain the NUL character (\\u0000)';
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode (it holds a lone UTF-16 surrogate)';
  return undefined;
}

/**
 * Identifiers (application names, pipeline and execution ids, statuses…) reach database lookups and
 * Temporal (workflow ids, visibility queries). Temporal limits ids to 1,000 bytes.
 */
export const MAX_IDENTIFIER_BYTES = 1000;

/** Why `text` cannot be an identifier, or undefined when it can. */
export function identifierProblem(text: string): string | undefined {
  const general = textProblem(text);
  if (general) return general;
  if (CONTROL.test(text)) return 'must not contain control characters';
  if (Buffer.byteLength(text, 'utf8') > MAX_IDENTIFIER_BYTES) return `must be at most ${MAX_IDENTIFIER_BYTES} bytes long (UTF-8)`;
  return undefined;
}

/** Percent-decoding that answers undefined instead of throwing a URIError. */
export function tryDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** A short, printable rendering of raw client text for an error message. */
export function preview(text: string, max = 40): string {
  const shown = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(shown);
}
