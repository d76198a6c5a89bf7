/**
 * Error types activities throw with `ApplicationFailure.nonRetryable(message, type)`. The worker
 * lists them as non-retryable so a client mistake is never retried; anything else is retried
 * with backoff by the activity retry policy.
 */
export const ErrorType = {
  WebhookClientError: 'WebhookClientError',
  WebhookForbiddenAddress: 'WebhookForbiddenAddress',
  WebhookBadResponse: 'WebhookBadResponse',
  WebhookTerminalStatus: 'WebhookTerminalStatus',
  WebhookCanceledStatus: 'WebhookCanceledStatus',
  PipelineNotFound: 'PipelineNotFound',
  InvalidInput: 'InvalidInput',
  KubernetesAccountNotFound: 'KubernetesAccountNotFound',
  KubernetesInvalidManifest: 'KubernetesInvalidManifest',
  KubernetesForbidden: 'KubernetesForbidden',
  KubernetesNotFound: 'KubernetesNotFound',
  KubernetesRolloutFailed: 'KubernetesRolloutFailed',
  KubernetesJobFailed: 'KubernetesJobFailed',
} as const;
export type ErrorType = (typeof ErrorType)[keyof typeof ErrorType];

export const NON_RETRYABLE_ERROR_TYPES: string[] = Object.values(ErrorType);
