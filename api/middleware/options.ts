/**
 * `OPTIONS` on any path: 204 with an `Allow` header listing the methods the path serves, or the
 * API's JSON 404 when no route serves it. (Express's own answer is a text/plain body, and only the
 * first router that knows the path is asked, so its list can be incomplete.) Answered before
 * authentication, as a CORS preflight carries no credentials; the routes are public in
 * `/openapi.json` anyway.
 */
import type { RequestHandler } from 'express';
import { notFound } from '../errors';
import { allowedMethods, type RouteEntry } from './route-table';

export function answerOptions(routes: () => readonly RouteEntry[]): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'OPTIONS') return next();
    // The target was checked already: every segment decodes.
    const segments = req.path.split('/').slice(1).map(decodeURIComponent);
    // Express matches `/x/` as `/x` (non-strict routing).
    if (segments.length > 1 && segments.at(-1) === '') segments.pop();
    const allow = req.path === '*' ? ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'] : allowedMethods(routes(), segments);
    if (!allow.length) return next(notFound(`no route for ${req.path}`));
    res.set('Allow', allow.join(', ')).status(204).end();
  };
}
