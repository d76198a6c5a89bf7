import { ApplicationFailure } from '@temporalio/activity';
import { NotificationErrorType } from '../../workflows/model/notification';
import { type AddressGuard, createAddressGuard, ForbiddenAddressError, UnsupportedUrlError } from '../webhook/address-guard';
import { httpCall } from '../webhook/http';
import type { WebhookDeps } from '../webhook/webhook-activities';

/** Largest part of a receiver's error body quoted in a failure message. */
const MAX_QUOTED_CHARS = 200;

export interface PostResult {
  status: number;
  text: string;
}

/** Network failures name their code only: the URL of a webhook may be its secret. */
function networkFailure(channel: string, err: unknown): Error {
  const cause = (err as { cause?: { code?: string } })?.cause;
  const what = (err as Error)?.name === 'AbortError' ? 'cancelled' : (cause?.code ?? 'network error');
  return ApplicationFailure.retryable(`${channel}: request failed (${what}); will retry`, 'NotificationNetworkError');
}

/**
 * POSTs JSON and classifies the answer: 2xx resolves; 429 and 5xx throw retryable failures; other
 * answers throw non-retryable ones quoting the start of the receiver's body (never the URL).
 */
export async function postJson(channel: string, url: string, body: unknown, headers: Record<string, string>, signal?: AbortSignal): Promise<PostResult> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
      body: JSON.stringify(body),
      redirect: 'manual',
      signal,
    });
  } catch (err) {
    throw networkFailure(channel, err);
  }
  const text = await response.text().catch(() => '');
  return classify(channel, response.status, text);
}

function classify(channel: string, status: number, text: string): PostResult {
  if (status >= 200 && status < 300) return { status, text };
  const quoted = text.slice(0, MAX_QUOTED_CHARS).replace(/\s+/g, ' ').trim();
  const message = `${channel} answered ${status}${quoted ? `: ${quoted}` : ''}`;
  if (status === 429 || status >= 500) throw ApplicationFailure.retryable(`${message}; will retry`, 'NotificationServerError');
  throw ApplicationFailure.nonRetryable(message, NotificationErrorType.Rejected);
}

/** The target URL of a webhook-style channel; a malformed one is a non-retryable failure. */
export function targetUrl(channel: string, address: string | undefined): URL {
  try {
    return new URL(address ?? '');
  } catch {
    throw ApplicationFailure.nonRetryable(`${channel}: the address is not a URL`, NotificationErrorType.InvalidTarget);
  }
}

const guards = new WeakMap<WebhookDeps, AddressGuard>();

/** One address guard per settings object (the webhook stage's rules). */
function guardFor(rules: WebhookDeps): AddressGuard {
  let guard = guards.get(rules);
  if (!guard) {
    guard = createAddressGuard({
      allowLinkLocal: rules.allowLinkLocal,
      allowCidrs: rules.allowCidrs ?? [],
      denyCidrs: rules.denyCidrs ?? [],
      apiAddresses: rules.apiAddresses ?? [],
      dnsServers: rules.dnsServers,
    });
    guards.set(rules, guard);
  }
  return guard;
}

/**
 * POSTs JSON to a user-chosen address (an incoming webhook) through the webhook stage's address
 * guard, checked on the address the socket connects to; a refused address is not retried.
 * Answers are classified as by {@link postJson}.
 */
export async function postJsonToTarget(
  channel: string,
  rules: WebhookDeps,
  url: URL,
  body: unknown,
  headers: Record<string, string>,
  signal?: AbortSignal,
): Promise<PostResult> {
  let answer;
  try {
    answer = await httpCall(guardFor(rules), url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'User-Agent': 'Gennaker-Notifications', ...headers },
      body: JSON.stringify(body),
      signal,
    });
  } catch (err) {
    if (err instanceof ForbiddenAddressError || err instanceof UnsupportedUrlError) {
      // The guard's message names the host, never the path (which may be the webhook's secret).
      throw ApplicationFailure.nonRetryable(`${channel}: ${err.message}`, NotificationErrorType.InvalidTarget);
    }
    throw networkFailure(channel, err);
  }
  const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? '');
  return classify(channel, answer.statusCode, text);
}
