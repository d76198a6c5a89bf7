/**
 * Temporal client errors → API errors, so a rejected message to an execution is a 4xx with the
 * workflow's own words and never a 500.
 */
import {
  ApplicationFailure,
  isGrpcServiceError,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApiError, conflict } from '../errors';

/**
 * HTTP status for an update rejected with an ApplicationFailure of this `type` (the workflow's
 * error types). Anything else is 409: the execution's state does not allow the request.
 */
export const UPDATE_FAILURE_STATUS: Readonly<Record<string, number>> = {
  InvalidArgument: 400,
  ValidationError: 400,
  Forbidden: 403,
  NotAuthorized: 403,
  NotFound: 404,
};

/** The API error for a failed update/query on execution `id`, or undefined if it is not a known case. */
export function updateFailureToApiError(err: unknown, id: string): ApiError | undefined {
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause;
    const message = cause?.message || err.message;
    const status = cause instanceof ApplicationFailure && cause.type ? UPDATE_FAILURE_STATUS[cause.type] : undefined;
    return new ApiError(status ?? 409, message);
  }
  if (err instanceof WorkflowNotFoundError) {
    // The run closed between our describe and the update.
    return conflict(`execution ${id} is not running`);
  }
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return new ApiError(504, `execution ${id} did not answer in time; is a worker running?`);
  }
  return undefined;
}

/** gRPC status codes DEADLINE_EXCEEDED (4) and UNAVAILABLE (14). */
const UNREACHABLE = new Set<number>([4, 14]);

/**
 * Temporal not reachable (down, restarting): a 503 the client may retry, not an internal error.
 * The answer never quotes Temporal's own message (it can hold internal details such as SQL); the
 * error handler logs it.
 */
export function temporalUnavailableToApiError(err: unknown): ApiError | undefined {
  const grpc = err instanceof ServiceError ? err.cause : err;
  if (isGrpcServiceError(grpc) && UNREACHABLE.has(grpc.code)) {
    return new ApiError(503, 'Temporal is unavailable; retry shortly');
  }
  return undefined;
}
