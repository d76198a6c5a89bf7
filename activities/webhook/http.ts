import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressGuard } from './address-guard';
import { boundedBody, MAX_BODY_BYTES, MAX_HEADER_BYTES } from './response-bounds';
import type { WebhookResponse } from './types';

export function flattenHeaders(headers?: Record<string, string | string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

/** Reads at most `MAX_BODY_BYTES` (+1 to know it was longer), then stops downloading. */
function readBounded(response: IncomingMessage): Promise<{ bytes: Buffer; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (truncated: boolean) => resolve({ bytes: Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES), truncated });
    response.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        response.destroy();
        finish(true);
      }
    });
    response.on('end', () => finish(false));
    response.on('error', reject);
  });
}

/**
 * Performs one HTTP call through the address guard (checked at connect time), without following
 * redirects (a 3xx is returned as is), and keeps a bounded, well-formed body: JSON when the
 * response is JSON, else text.
 */
export async function httpCall(
  guard: AddressGuard,
  url: URL,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
): Promise<WebhookResponse> {
  await guard.checkUrl(url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = send(url, {
      method: init.method,
      headers: Object.keys(init.headers).some((h) => h.toLowerCase() === 'user-agent') ? init.headers : { 'User-Agent': 'Gennaker-Webhook', ...init.headers },
      signal: init.signal,
      lookup: guard.lookupFor(url),
      maxHeaderSize: MAX_HEADER_BYTES,
      // One connection per call: a pooled socket would skip the lookup (and so the guard).
      agent: false,
    });
    req.on('response', resolve);
    req.on('error', reject);
    req.end(init.body);
  });
  const { bytes, truncated } = await readBounded(response);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { statusCode: response.statusCode ?? 0, headers, body: boundedBody(bytes, truncated, response.headers['content-type'] ?? '') };
}
