/**
 * Error types the canary activities throw with `ApplicationFailure.nonRetryable(message, type)`:
 * mistakes in a config or a query, which no retry can fix. Network failures and 5xx answers of a
 * metrics store are thrown retryable instead. Plain constants: safe in the workflow sandbox.
 */
export const CanaryErrorType = {
  CanaryConfigNotFound: 'CanaryConfigNotFound',
  CanaryConfigInvalid: 'CanaryConfigInvalid',
  MetricsAccountNotFound: 'MetricsAccountNotFound',
  MetricQueryInvalid: 'MetricQueryInvalid',
  CanaryJudgeFailed: 'CanaryJudgeFailed',
  /** The execution's user may no longer read the stored config's applications. */
  CanaryConfigForbidden: 'CanaryConfigForbidden',
} as const;
export type CanaryErrorType = (typeof CanaryErrorType)[keyof typeof CanaryErrorType];

export const CANARY_NON_RETRYABLE_ERROR_TYPES: string[] = Object.values(CanaryErrorType);
