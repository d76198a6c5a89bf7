import { proxyActivities, type RetryPolicy } from '@temporalio/workflow';
import type { Activities } from '../../../activities';
import { NON_RETRYABLE_ERROR_TYPES } from '../../model/error-types';

const retry: RetryPolicy = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', nonRetryableErrorTypes: NON_RETRYABLE_ERROR_TYPES };

/** Single Kubernetes operations (apply, patch, delete…): short, retried with backoff. */
export function kubeActivities() {
  return proxyActivities<Activities>({ startToCloseTimeout: '2 minutes', retry: { ...retry, maximumAttempts: 10 } });
}

/**
 * The stability wait: as long as the stage allows, with a heartbeat so a killed worker is noticed
 * within seconds and another worker resumes the wait (nothing is re-applied).
 */
export function kubeWaitActivities(timeoutMs: number) {
  return proxyActivities<Activities>({ startToCloseTimeout: timeoutMs + 60_000, heartbeatTimeout: '10 seconds', retry });
}
