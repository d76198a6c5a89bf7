/**
 * Verifying that a git event comes from the host whose secret the trigger holds. Every comparison
 * is constant-time (`timingSafeEqual` on equal-length digests), so a forger learns nothing from
 * the answer's timing.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const sha256 = (value: string | Buffer) => createHash('sha256').update(value).digest();

/** Constant-time string equality (both sides hashed first, so lengths never leak). */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}

/** The headers a git event carries for authentication (lower-case names). */
export interface SignatureHeaders {
  /** GitHub / Bitbucket Cloud: `sha256=<hex HMAC of the body>`. */
  'x-hub-signature-256'?: string;
  /** GitHub's older SHA-1 header (Echo checks it): `sha1=<hex>`; Bitbucket Cloud sends `sha256=` here. */
  'x-hub-signature'?: string;
  /** GitLab: the webhook's secret token, in clear. */
  'x-gitlab-token'?: string;
}

function hmacMatches(header: string, secret: string, body: Buffer): boolean {
  const [algorithm, hex] = header.includes('=') ? header.split('=', 2) : ['', header];
  if (algorithm !== 'sha256' && algorithm !== 'sha1') return false;
  const expected = createHmac(algorithm, secret).update(body).digest('hex');
  return safeEqual(expected, hex.trim().toLowerCase());
}

/**
 * Why a git event fails the trigger's `secret` (one sentence), or undefined when it passes.
 * GitHub and Bitbucket Cloud sign the raw body (HMAC SHA-256, or GitHub's SHA-1 header); GitLab
 * sends the secret itself. As in Echo, a signed event does not fire a trigger without a secret.
 */
export function signatureMismatch(source: string, secret: string | undefined, headers: SignatureHeaders, body: Buffer): string | undefined {
  const hasSecret = typeof secret === 'string' && secret !== '';
  if (source === 'gitlab') {
    const token = headers['x-gitlab-token'];
    if (!hasSecret) return token ? 'secret: the event carries X-Gitlab-Token but the trigger has no secret' : undefined;
    if (!token) return 'secret: the trigger has a secret but the event carries no X-Gitlab-Token';
    return safeEqual(token, secret) ? undefined : 'secret: X-Gitlab-Token does not match the trigger\'s secret';
  }
  const header = headers['x-hub-signature-256'] ?? headers['x-hub-signature'];
  const name = headers['x-hub-signature-256'] ? 'X-Hub-Signature-256' : 'X-Hub-Signature';
  if (!hasSecret) return header ? `secret: the event is signed (${name}) but the trigger has no secret` : undefined;
  if (!header) return 'secret: the trigger has a secret but the event carries no X-Hub-Signature-256';
  return hmacMatches(header, secret, body) ? undefined : `secret: ${name} does not match the trigger's secret`;
}
