/** What the webhook stage asks the `webhookSend` activity to do (already expression-evaluated). */
export interface WebhookRequest {
  url: string;
  method: string;
  customHeaders?: Record<string, string | string[]>;
  payload?: unknown;
  /** Status codes to retry besides 5xx (Spinnaker's `retryStatusCodes`). */
  retryStatusCodes?: number[];
  /** Sent as `Idempotency-Key` so a receiver can drop a retried duplicate. */
  idempotencyKey: string;
}

/** The part of an HTTP response kept in the stage context (`context.webhook`). */
export interface WebhookResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: unknown;
}

/** How to poll a webhook's job until it finishes (`waitForCompletion`). */
export interface WebhookMonitorRequest {
  statusUrl: string;
  customHeaders?: Record<string, string | string[]>;
  statusJsonPath: string;
  progressJsonPath?: string;
  successStatuses: string[];
  canceledStatuses: string[];
  terminalStatuses: string[];
  retryStatusCodes?: number[];
  pollIntervalMs: number;
}

export interface WebhookMonitorResult {
  status: string;
  statusCode: number;
  body: unknown;
  polls: number;
}
