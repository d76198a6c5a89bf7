import { ApplicationFailure, Context, sleep as activitySleep } from '@temporalio/activity';
import { ErrorType } from '../../workflows/model/error-types';
import { createAddressGuard, ForbiddenAddressError, UnsupportedUrlError, type AddressGuard } from './address-guard';
import type { Cidr } from './address-policy';
import type { ApiAddress } from './api-addresses';
import { flattenHeaders, httpCall } from './http';
import { readJsonPath } from './json-path';
import type { WebhookMonitorRequest, WebhookMonitorResult, WebhookRequest, WebhookResponse } from './types';

/** The worker's webhook settings (see the README's configuration table). */
export interface WebhookDeps {
  /** Allow link-local and cloud metadata addresses (off by default). */
  allowLinkLocal: boolean;
  /** Exceptions to `denyCidrs` (`GENNAKER_WEBHOOK_ALLOW_CIDRS`). */
  allowCidrs?: Cidr[];
  /** Ranges webhooks may not reach (`GENNAKER_WEBHOOK_DENY_CIDRS`). */
  denyCidrs?: Cidr[];
  /** The API's listening addresses (`GENNAKER_WEBHOOK_API_ADDRESSES`): always refused. */
  apiAddresses?: ApiAddress[];
  /** DNS servers for webhook hosts (`GENNAKER_WEBHOOK_DNS_SERVERS`); default: the system resolver. */
  dnsServers?: string[];
}

/** A refused address or URL fails the stage at once; anything else is left to the retry policy. */
function refusedFailure(err: unknown): ApplicationFailure | undefined {
  if (err instanceof ForbiddenAddressError) return ApplicationFailure.nonRetryable(err.message, ErrorType.WebhookForbiddenAddress);
  if (err instanceof UnsupportedUrlError) return ApplicationFailure.nonRetryable(err.message, ErrorType.WebhookClientError);
  return undefined;
}

/** `httpCall` through the guard, turning a refusal into a non-retryable failure. */
async function guardedCall(guard: AddressGuard, url: URL, init: Parameters<typeof httpCall>[2]) {
  try {
    return await httpCall(guard, url, init);
  } catch (err) {
    throw refusedFailure(err) ?? err;
  }
}

function parseUrl(text: string): URL {
  try {
    return new URL(text);
  } catch {
    throw ApplicationFailure.nonRetryable(`webhook URL '${text}' is not a valid URL`, ErrorType.WebhookClientError);
  }
}

function isRetryableStatus(status: number, retryStatusCodes?: number[]): boolean {
  return status >= 500 || (retryStatusCodes ?? []).includes(status);
}

/** Webhook stage activities: one call, and a heartbeating status monitor. */
export function createWebhookActivities(deps: WebhookDeps) {
  const guard = createAddressGuard({
    allowLinkLocal: deps.allowLinkLocal,
    allowCidrs: deps.allowCidrs ?? [],
    denyCidrs: deps.denyCidrs ?? [],
    apiAddresses: deps.apiAddresses ?? [],
    dnsServers: deps.dnsServers,
  });
  return {
    /**
     * Sends the webhook once. 2xx/3xx succeed; 4xx fail without retry (unless listed in
     * `retryStatusCodes`); 5xx and network errors throw a retryable failure so the activity
     * retry policy backs off and tries again.
     */
    async webhookSend(request: WebhookRequest): Promise<WebhookResponse> {
      const url = parseUrl(request.url);
      const headers: Record<string, string> = { ...flattenHeaders(request.customHeaders), 'Idempotency-Key': request.idempotencyKey };
      let body: string | undefined;
      if (request.payload !== undefined && request.method.toUpperCase() !== 'GET') {
        body = typeof request.payload === 'string' ? request.payload : JSON.stringify(request.payload);
        if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
      }
      const response = await guardedCall(guard, url, {
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
      const url = parseUrl(request.statusUrl);
      const headers = flattenHeaders(request.customHeaders);
      const upper = (list: string[]) => list.map((s) => s.trim().toUpperCase()).filter(Boolean);
      const [success, canceled, terminal] = [upper(request.successStatuses), upper(request.canceledStatuses), upper(request.terminalStatuses)];
      let polls = (ctx.info.heartbeatDetails as number | undefined) ?? 0;
      for (;;) {
        // A network error is polled again; a refused address (e.g. a rebound DNS answer) fails the stage.
        const response = await guardedCall(guard, url, { method: 'GET', headers, signal: ctx.cancellationSignal }).catch((err: Error) => {
          if (err instanceof ApplicationFailure) throw err;
          return { statusCode: 0, headers: {}, body: String(err.message) };
        });
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
