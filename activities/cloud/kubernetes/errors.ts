import { ApplicationFailure } from '@temporalio/activity';
import { ErrorType } from '../../../workflows/model/error-types';
import { KubeApiError } from './api-client';

/** Server-side apply answers 500 when a field has the wrong type; retrying cannot help. */
function isTypedPatchError(err: KubeApiError): boolean {
  return err.status === 500 && /failed to create typed patch object/.test(err.message);
}

/**
 * Turns an API server error into the failure a stage shows: permission and validation errors
 * fail at once with what was attempted; conflicts, server errors and network errors stay
 * retryable for the activity retry policy.
 */
export function kubeFailure(err: unknown, attempted: string): Error {
  if (!(err instanceof KubeApiError)) return err instanceof Error ? err : new Error(String(err));
  switch (true) {
    case err.status === 401 || err.status === 403:
      return ApplicationFailure.nonRetryable(`Kubernetes refused to ${attempted}: ${err.message}`, ErrorType.KubernetesForbidden);
    case err.status === 400 || err.status === 422 || err.reason === 'UnknownKind' || isTypedPatchError(err):
      return ApplicationFailure.nonRetryable(`invalid manifest, could not ${attempted}: ${err.message}`, ErrorType.KubernetesInvalidManifest);
    case err.status === 404:
      return ApplicationFailure.nonRetryable(`could not ${attempted}: ${err.message}`, ErrorType.KubernetesNotFound);
    default:
      return ApplicationFailure.retryable(`could not ${attempted}: ${err.message}`, 'KubernetesApiError');
  }
}

/** Runs one API call, turning its error into a stage-friendly failure. */
export async function attempt<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw kubeFailure(err, what);
  }
}
