import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack's replay window: a request older (or newer) than this is refused. */
export const SLACK_MAX_SKEW_SECONDS = 5 * 60;

/**
 * Verifies Slack's request signature (`X-Slack-Signature: v0=HMAC-SHA256(secret, "v0:{ts}:{body}")`)
 * in constant time, within the replay window. Returns why it fails, or undefined when valid.
 */
export function checkSlackSignature(options: {
  secret: string;
  rawBody: Buffer;
  timestamp: string | undefined;
  signature: string | undefined;
  nowSeconds: number;
}): string | undefined {
  const { secret, rawBody, timestamp, signature, nowSeconds } = options;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return 'missing or malformed X-Slack-Request-Timestamp';
  if (Math.abs(nowSeconds - Number(timestamp)) > SLACK_MAX_SKEW_SECONDS) return 'stale X-Slack-Request-Timestamp (outside the 5-minute window)';
  if (!signature || !/^v0=[0-9a-f]{64}$/.test(signature)) return 'missing or malformed X-Slack-Signature';
  const expected = createHmac('sha256', secret).update(`v0:${timestamp}:`).update(rawBody).digest();
  const given = Buffer.from(signature.slice(3), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) ? undefined : 'X-Slack-Signature does not match';
}
