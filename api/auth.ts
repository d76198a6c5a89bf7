/**
 * Authentication. Off by default: the API is open, as Spinnaker's is without Fiat. When enabled,
 * a request is identified by an API token (`Authorization: Bearer <token>`) or, behind a trusted
 * proxy, by a user header (plus an optional comma-separated roles header).
 */
import { createHash } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { unauthorized } from './errors';
import { DEFAULT_TRUSTED_PROXIES, trustedPeer } from './trusted-proxies';

/** Who is calling. `open` when authentication is off: everything is allowed. */
export type Principal =
  | { kind: 'open' }
  | { kind: 'user'; user: string; roles: string[]; admin: boolean };

export interface TokenIdentity {
  user: string;
  roles: string[];
}

export interface AuthSettings {
  /** API tokens → identity. */
  tokens?: Record<string, TokenIdentity>;
  /** Header carrying the user name set by a trusted proxy (e.g. `X-Forwarded-User`). */
  trustedHeader?: string;
  /** Header carrying the user's roles, comma-separated (with `trustedHeader`). */
  rolesHeader?: string;
  /**
   * Peers (CIDR blocks) whose `trustedHeader`/`rolesHeader` are believed; from any other peer they
   * are removed from the request. Default: loopback only (`DEFAULT_TRUSTED_PROXIES`); the API
   * process requires it explicitly with a trusted header (`GENNAKER_AUTH_TRUSTED_PROXIES`).
   */
  trustedProxies?: string[];
  /** Roles that may do everything, whatever the application permissions say. */
  adminRoles?: string[];
}

/** Paths answered without credentials: spin calls /version before anything else. */
const PUBLIC_PATHS = new Set(['/version', '/openapi.json']);

export function authEnabled(settings: AuthSettings | undefined): boolean {
  return Boolean(settings && (Object.keys(settings.tokens ?? {}).length > 0 || settings.trustedHeader));
}

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

/** Roles as configured (trimmed, without repeats); comparisons elsewhere ignore case, as Fiat's do. */
function cleanRoles(roles: readonly string[]): string[] {
  return [...new Set(roles.map((r) => r.trim()).filter(Boolean))];
}

/** Sets `res.locals.principal` for every request; answers 401 when credentials are required and wrong or missing. */
export function authenticate(settings: AuthSettings | undefined): RequestHandler {
  if (!settings || !authEnabled(settings)) {
    return (_req, res, next) => {
      res.locals.principal = { kind: 'open' } satisfies Principal;
      next();
    };
  }
  // Tokens are looked up by digest so the raw secrets are not kept around.
  const byDigest = new Map(Object.entries(settings.tokens ?? {}).map(([token, id]) => [digest(token), id]));
  const admin = new Set(cleanRoles(settings.adminRoles ?? []).map((r) => r.toLowerCase()));
  const fromTrustedProxy = trustedPeer(settings.trustedProxies ?? DEFAULT_TRUSTED_PROXIES);
  const proxyHeaders = [settings.trustedHeader, settings.rolesHeader].filter((h): h is string => Boolean(h)).map((h) => h.toLowerCase());
  const principal = (user: string, roles: string[]): Principal => {
    const cleaned = cleanRoles(roles);
    return { kind: 'user', user, roles: cleaned, admin: cleaned.some((r) => admin.has(r.toLowerCase())) };
  };

  return (req, res, next) => {
    // Anyone can write these headers: only a configured proxy's are believed, and the rest of
    // the app never sees the others.
    if (proxyHeaders.length && !fromTrustedProxy(req.socket.remoteAddress)) {
      for (const header of proxyHeaders) delete req.headers[header];
    }
    const authorization = req.get('authorization');
    if (authorization && byDigest.size > 0) {
      const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
      const identity = match ? byDigest.get(digest(match[1].trim())) : undefined;
      if (!identity) return next(unauthorized('invalid API token'));
      res.locals.principal = principal(identity.user, identity.roles);
      return next();
    }
    const proxiedUser = settings.trustedHeader ? req.get(settings.trustedHeader)?.trim() : undefined;
    if (proxiedUser) {
      const roles = settings.rolesHeader ? (req.get(settings.rolesHeader) ?? '').split(',') : [];
      res.locals.principal = principal(proxiedUser, roles);
      return next();
    }
    if (PUBLIC_PATHS.has(req.path)) {
      res.locals.principal = { kind: 'open' } satisfies Principal;
      return next();
    }
    next(unauthorized('authentication required: send Authorization: Bearer <token>'));
  };
}

/** The caller of the current request (set by `authenticate`). */
export function principalOf(res: Response): Principal {
  return (res.locals.principal as Principal | undefined) ?? { kind: 'open' };
}

/**
 * The user to record for an action: the authenticated user, or (API open) the one the client
 * names, or `anonymous`.
 */
export function actingUser(principal: Principal, claimed?: unknown): string {
  if (principal.kind === 'user') return principal.user;
  return typeof claimed === 'string' && claimed.trim() ? claimed.trim() : 'anonymous';
}
