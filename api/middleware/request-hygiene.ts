/**
 * The API's first line: every request passes these checks, in this order, before authentication
 * and before any route, store or Temporal call sees it. A client mistake is refused here with a 4xx
 * in the JSON error shape, at once, so no route has to defend itself against malformed input.
 *
 * 1. The request target (path and query): percent-encoding, NUL, lone surrogates, identifiers.
 * 2. `OPTIONS`: 204 with `Allow`, or a JSON 404.
 * 3. The body: read as JSON (decoded per Content-Encoding, UTF-8 only, size-limited).
 * 4. The parsed body: depth, NUL, lone surrogates, non-finite numbers.
 */
import type { RequestHandler } from 'express';
import { jsonBody } from './json-body';
import { refuseUnsafeJson } from './json-hygiene';
import { answerOptions } from './options';
import type { RouteEntry } from './route-table';
import { refuseMalformedTargets } from './url-hygiene';

export interface RequestHygieneOptions {
  /** The app's routes (see routeTable), read at request time. */
  routes: () => readonly RouteEntry[];
  /** Largest body accepted after decoding (body-parser's syntax, e.g. `10mb`). */
  bodyLimit: string;
}

/**
 * Checks 1–2, for every request. Routes that read their own raw body (signed event endpoints) are
 * mounted between these and {@link requestBodyHygiene}, and check their parsed body with
 * `jsonValueProblems` themselves.
 */
export function requestTargetHygiene(options: RequestHygieneOptions): RequestHandler[] {
  return [refuseMalformedTargets(options.routes), answerOptions(options.routes)];
}

/** Checks 3–4: the JSON body every other route reads. */
export function requestBodyHygiene(options: RequestHygieneOptions): RequestHandler[] {
  return [jsonBody(options.bodyLimit), refuseUnsafeJson];
}
