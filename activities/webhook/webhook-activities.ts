import { ApplicationFailure, Context, sleep as activitySleep } from '@temporalio/activity';
import { ErrorType } from '../../workflows/model/error-types';
import { assertAllowedWebhookUrl } from './address-guard';
import { flattenHeaders, httpCall } from './http';
import { readJsonPath } from './json-path';
import type { WebhookMonitorRequest, WebhookMonitorResult, WebhookRequest, WebhookResponse } from './types';

export interface WebhookDeps {
  /** Allow link-local and cloud metadata addresses (off by default). */
  allowLinkLocal: boolean;
}

function isRetryableStatus(status: number, retryStatusCodes?: number[]): boolean {
  return status >= 500 || (retryStatusCodes ?? []).includes(status);
}

/** Webhook stage activities: one call, and a heartbeating status monitor. */
export function createWebhookActivities(deps: WebhookDeps) {
  return {
    /**
     * Sends the webhook once. 2xx/3xx succeed; 4xx fail without retry (unless listed in
     * `retryStatusCodes`); 5xx and network errors throw a retryable failure so the activity
     * retry policy backs off and tries again.
     */
    async webhookSend(request: WebhookRequest): Promise<WebhookResponse> {
      const url = new URL(request.url);
      await assertAllowedWebhookUrl(url, deps.allowLinkLocal);
      const headers: Record<string, string> = { ...flattenHeaders(request.customHeaders), 'Idempotency-Key': request.idempotencyKey };
      let body: string | undefined;
      if (request.payload !== undefined && request.method.toUpperCase() !== 'GET') {
        body = typeof request.payload === 'string' ? request.payload : JSON.stringify(request.payload);
        if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
      }
      const response = await httpCall(url.toString(), {
        method: request.method.toUpperCase(),
        headers,
        body,
        signal: Context.current().cancellationSignal,
      });
      if (isRetryableStatus(response.statusCode, request.retryStatusCodes)) {
        throw ApplicationFailure.retryable(`webhook ${request.method} ${request.url} answered ${response.statusCode}; will retry`, 'WebhookServerError', response);
      }
      if (response.statusCode >= 400) {
        throw ApplicationFailure.nonRetryable(
          `webhook ${request.method} ${request.url} answered ${response.statusCode}`,
          ErrorType.WebhookClientError,
          response,
        );
      }
      return response;
    },

    /**
     * Polls the status URL until the status at `statusJsonPath` is a success, canceled or terminal
     * status. Heartbeats every poll, so a killed worker is noticed within the heartbeat timeout and
     * the retry continues polling (polling is read-only, so repeating it is safe).
     */
    async webhookMonitor(request: WebhookMonitorRequest): Promise<WebhookMonitorResult> {
      const ctx = Context.current();
      const url = new URL(request.statusUrl);
      await assertAllowedWebhookUrl(url, deps.allowLinkLocal);
      const headers = flattenHeaders(request.customHeaders);
      const upper = (list: string[]) => list.map((s) => s.trim().toUpperCase()).filter(Boolean);
      const [success, canceled, terminal] = [upper(request.successStatuses), upper(request.canceledStatuses), upper(request.terminalStatuses)];
      let polls = (ctx.info.heartbeatDetails as number | undefined) ?? 0;
      for (;;) {
        const response = await httpCall(url.toString(), { method: 'GET', headers, signal: ctx.cancellationSignal }).catch((err: Error) => ({
          statusCode: 0,
          headers: {},
          body: String(err.message),
        }));
        polls += 1;
        ctx.heartbeat(polls);
        if (response.statusCode >= 400 && response.statusCode < 500 && !isRetryableStatus(response.statusCode, request.retryStatusCodes)) {
          throw ApplicationFailure.nonRetryable(`status URL ${request.statusUrl} answered ${response.statusCode}`, ErrorType.WebhookClientError);
        }
        if (response.statusCode >= 200 && response.statusCode < 300) {
          const raw = readJsonPath(response.body, request.statusJsonPath);
          const status = raw === undefined || raw === null ? '' : String(raw).toUpperCase();
          const result = { status, statusCode: response.statusCode, body: response.body, polls };
          if (success.includes(status)) return result;
          if (canceled.includes(status)) {
            throw ApplicationFailure.nonRetryable(`webhook job reported canceled status '${status}'`, ErrorType.WebhookCanceledStatus, result);
          }
          if (terminal.includes(status)) {
            throw ApplicationFailure.nonRetryable(`webhook job reported terminal status '${status}'`, ErrorType.WebhookTerminalStatus, result);
          }
        }
        await activitySleep(request.pollIntervalMs);
      }
    },
  };
}
