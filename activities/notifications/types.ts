import type { WebhookDeps } from '../webhook/webhook-activities';
import type { NotificationRequest, NotificationResult, NotificationType } from '../../workflows/model/notification';

/** Channel settings from the worker's environment (see settings.ts). Secrets: never log or return them. */
export interface NotificationSettings {
  /** Base URL of the UI execution links point to (Deck or the console). */
  publicUrl: string;
  slack: { botToken?: string; apiUrl: string };
  smtp?: { host: string; port: number; secure: boolean; user?: string; password?: string; from: string };
  github: { token?: string; apiUrl: string };
  /**
   * The address rules of the webhook stage (`GENNAKER_WEBHOOK_*`), applied at connect time to
   * webhook-style targets (Slack/Teams/Chat incoming webhooks, generic webhooks).
   */
  webhookTargets: WebhookDeps;
}

/**
 * One way of delivering a notification. `send` throws a retryable error for a passing failure
 * (network, 5xx, rate limit) and `ApplicationFailure.nonRetryable` for one a retry cannot fix.
 * It must never put a secret (token, password, webhook URL path) into an error message.
 */
export interface NotificationChannel {
  type: NotificationType;
  send(request: NotificationRequest, signal?: AbortSignal): Promise<Omit<NotificationResult, 'attempts'> | void>;
  /** Releases connections (SMTP pool); optional. */
  close?(): void;
}
