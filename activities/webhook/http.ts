import type { WebhookResponse } from './types';

/** Largest response body kept in the stage (keeps workflow history small). */
const MAX_BODY_CHARS = 32 * 1024;

export function flattenHeaders(headers?: Record<string, string | string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

/** Performs one HTTP call and reads the body as JSON when it is JSON, else as (truncated) text. */
export async function httpCall(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
): Promise<WebhookResponse> {
  const response = await fetch(url, { ...init, redirect: 'manual' });
  const text = await response.text();
  let body: unknown = text.length > MAX_BODY_CHARS ? `${text.slice(0, MAX_BODY_CHARS)}…(truncated)` : text;
  if (text.length <= MAX_BODY_CHARS && (response.headers.get('content-type') ?? '').includes('json')) {
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // A body that claims JSON but is not stays as text.
    }
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  return { statusCode: response.status, headers, body };
}
