/**
 * The API's error contract: every error is JSON `{status, error, message, errors:[{path, message}]}`
 * (Gate's fields plus the list of problems), never HTML, and a client's mistake is never a 500.
 */
import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { ConflictError, NotFoundError } from '../prisma/store-errors';
import type { ValidationProblem } from '../workflows/validation/problem';
import type { Logger } from './logger';

/** The JSON body of every error response. */
export interface ErrorBody {
  status: number;
  error: string;
  message: string;
  errors: ValidationProblem[];
}

/** An error with the HTTP status to answer; thrown by routes and services. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly errors: ValidationProblem[] = [],
  ) {
    super(message);
  }
}

export const badRequest = (message: string, errors: ValidationProblem[] = []) => new ApiError(400, message, errors);
export const unauthorized = (message: string) => new ApiError(401, message);
export const forbidden = (message: string) => new ApiError(403, message);
export const notFound = (message: string) => new ApiError(404, message);
export const conflict = (message: string, errors: ValidationProblem[] = []) => new ApiError(409, message, errors);

export function errorBody(status: number, message: string, errors: ValidationProblem[] = []): ErrorBody {
  return { status, error: STATUS_CODES[status] ?? 'Error', message, errors };
}

/** body-parser's (and http-errors') errors carry a 4xx `status`; body-parser's also a `type`. */
interface ClientHttpError {
  type?: unknown;
  status: number;
  message: string;
}

function isClientHttpError(err: unknown): err is ClientHttpError {
  const e = err as Partial<ClientHttpError>;
  return err instanceof Error && typeof e.status === 'number' && e.status >= 400 && e.status < 500;
}

/** Where in the request each of body-parser's refusals lies. */
const BODY_ERROR_PATHS: Readonly<Record<string, string>> = {
  'encoding.unsupported': 'header.Content-Encoding',
  'charset.unsupported': 'header.Content-Type',
  'entity.too.large': '',
  'entity.parse.failed': '',
  'request.size.invalid': 'header.Content-Length',
  'request.aborted': '',
};

function clientHttpError(err: ClientHttpError): ApiError {
  const type = typeof err.type === 'string' ? err.type : undefined;
  const message = type === 'entity.parse.failed' ? `malformed JSON body: ${err.message}` : err.message;
  const path = type !== undefined ? BODY_ERROR_PATHS[type] : undefined;
  return new ApiError(err.status, message, [{ path: path ?? '', message }]);
}

function toApiError(err: unknown): ApiError | undefined {
  if (err instanceof ApiError) return err;
  if (err instanceof ConflictError) return conflict(err.message);
  if (err instanceof NotFoundError) return notFound(err.message);
  if (isClientHttpError(err)) return clientHttpError(err);
  return undefined;
}

/** Recognizes errors of one library (e.g. Temporal's client) as API errors. */
export type ErrorTranslator = (err: unknown) => ApiError | undefined;

function details(req: Request, err: unknown) {
  return {
    method: req.method,
    path: req.originalUrl,
    error: err instanceof Error ? (err.stack ?? err.message) : String(err),
  };
}

/** Last middleware: answers every error as JSON, logging only the unexpected ones. */
export function errorHandler(logger: Logger, translators: ErrorTranslator[] = []): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const known = toApiError(err) ?? translators.map((translate) => translate(err)).find(Boolean);
    if (known) {
      // A known 5xx (Temporal unreachable, no worker) is an outage, not a bug: its cause, which the
      // client is not told, goes to the log.
      if (known.status >= 500) logger.info('request failed: service unavailable', details(req, err));
      res.status(known.status).json(errorBody(known.status, known.message, known.errors));
      return;
    }
    logger.error('request failed', details(req, err));
    res.status(500).json(errorBody(500, 'internal error; see the server log'));
  };
}

/** Answers an unknown route with a JSON 404. */
export const notFoundHandler: RequestHandler = (req, res) => {
  res.status(404).json(errorBody(404, `no route for ${req.method} ${req.path}`));
};
