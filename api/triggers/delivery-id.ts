/**
 * The id of a delivery, which (with the pipeline config id) names the execution it starts, so
 * a redelivered event finds the execution it already started. A sender's own delivery id when it
 * has one, else an explicit `Idempotency-Key`, else a hash of what was posted.
 */
import { createHash } from 'node:crypto';
import type { Request } from 'express';

/** `sha256:<hex>` of the parts (e.g. the path and the raw body). */
export function hashDelivery(...parts: (string | Buffer)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  return `sha256:${hash.digest('hex')}`;
}

/** The first of `headers` present on the request (trimmed, at most 200 characters), or undefined. */
export function headerDeliveryId(req: Request, headers: readonly string[]): string | undefined {
  for (const name of headers) {
    const value = req.get(name)?.trim();
    if (value) return value.slice(0, 200);
  }
  return undefined;
}
