import { ApplicationFailure } from '@temporalio/activity';
import { NotificationErrorType } from '../../workflows/model/notification';

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
  if (response.status >= 200 && response.status < 300) return { status: response.status, text };
  const quoted = text.slice(0, MAX_QUOTED_CHARS).replace(/\s+/g, ' ').trim();
  const message = `${channel} answered ${response.status}${quoted ? `: ${quoted}` : ''}`;
  if (response.status === 429 || response.status >= 500) throw ApplicationFailure.retryable(`${message}; will retry`, 'NotificationServerError');
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
