/**
 * Reads every request body as JSON, whatever its Content-Type (curl's default form type included),
 * so a wrong body is a clear 400 rather than a silently empty one.
 *
 * - Content-Encoding: `identity`, `gzip`, `deflate` and `br` are decoded (the size limit applies to
 *   the decoded body, so a compression bomb is a 413); any other encoding is a 415; a body that is
 *   not valid data of its declared encoding is a 400.
 * - Bytes that are not valid UTF-8 are a 400 rather than being replaced with U+FFFD unnoticed.
 * - Charsets other than UTF-8 (and its aliases) are a 415.
 */
import { isUtf8 } from 'node:buffer';
import express, { type RequestHandler } from 'express';
import { ApiError, badRequest } from '../errors';
import { preview } from './text-checks';

/**
 * The encodings decoded, the same on every Node version (body-parser adds `zstd` where Node has it).
 * A list such as `gzip, br` is not supported.
 */
const SUPPORTED_ENCODINGS: ReadonlySet<string> = new Set(['identity', 'gzip', 'deflate', 'br']);

const NOT_UTF8 = 'the body is not valid UTF-8';

export function jsonBody(limit: string): RequestHandler {
  const parse = express.json({
    limit,
    type: () => true,
    // Any JSON value parses; refuseUnsafeJson then refuses one that is not an object or array with
    // a clear message (body-parser's strict mode reports `null` as a syntax error).
    strict: false,
    verify: (_req, _res, buffer) => {
      if (!isUtf8(buffer)) throw badRequest(NOT_UTF8, [{ path: '', message: NOT_UTF8 }]);
    },
  });
  return (req, res, next) => {
    const encoding = req.get('content-encoding');
    if (encoding !== undefined && !SUPPORTED_ENCODINGS.has(encoding.toLowerCase())) {
      const message = `unsupported Content-Encoding ${preview(encoding)}: use ${[...SUPPORTED_ENCODINGS].join(', ')}`;
      return next(new ApiError(415, message, [{ path: 'header.Content-Encoding', message }]));
    }
    parse(req, res, (err?: unknown) => {
      if (err === undefined || err === null) return next();
      // body-parser wraps a verify error into its own; take ours back.
      if (err instanceof ApiError) return next(new ApiError(err.status, err.message, err.errors));
      // A decompression error is wrapped into a 400 without a `type` of body-parser's own.
      const encoding = req.get('content-encoding');
      if (encoding && (err as { type?: unknown }).type === undefined) {
        const message = `the body is not valid ${preview(encoding)} data, as its Content-Encoding says`;
        return next(badRequest(message, [{ path: 'header.Content-Encoding', message }]));
      }
      next(err);
    });
  };
}
