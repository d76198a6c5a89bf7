/**
 * Whom a triggered execution runs as, and whether that user may. Echo asks Fiat whether the
 * trigger's `runAsUser` (else `anonymous`) may EXECUTE the application; Gennaker has no user
 * directory besides its API tokens, so a user's roles are those of its tokens in
 * `GENNAKER_AUTH_TOKENS` (none for a user known only to a trusted proxy, or for `anonymous`).
 */
import type { ApplicationStore } from '../../prisma/application-store';
import { authEnabled, type AuthSettings, type Principal } from '../auth';
import { AccessChecker } from '../permissions';

/** The user of a trigger without `runAsUser` (Echo's default). */
export const DEFAULT_TRIGGER_USER = 'anonymous';

/** The trigger's `runAsUser` (trimmed), else {@link DEFAULT_TRIGGER_USER}. */
export function runAsUserOf(trigger: Record<string, unknown>): string {
  return typeof trigger.runAsUser === 'string' && trigger.runAsUser.trim() ? trigger.runAsUser.trim() : DEFAULT_TRIGGER_USER;
}

/** The principal a trigger acts as: `open` when auth is off, else the user with its tokens' roles. */
export function triggerPrincipal(user: string, auth: AuthSettings | undefined): Principal {
  if (!auth || !authEnabled(auth)) return { kind: 'open' };
  const roles = new Set<string>();
  for (const identity of Object.values(auth.tokens ?? {})) {
    if (identity.user === user) identity.roles.forEach((r) => roles.add(r));
  }
  const admin = new Set((auth.adminRoles ?? []).map((r) => r.trim().toLowerCase()));
  return { kind: 'user', user, roles: [...roles], admin: [...roles].some((r) => admin.has(r.trim().toLowerCase())) };
}

/** Why `user` may not start executions of `application` (a sentence), or undefined when it may. */
export async function executeDenied(
  applications: ApplicationStore,
  auth: AuthSettings | undefined,
  user: string,
  application: string,
): Promise<string | undefined> {
  const checker = new AccessChecker(applications, triggerPrincipal(user, auth));
  return (await checker.allows(application, 'EXECUTE'))
    ? undefined
    : `runAsUser: '${user}' lacks EXECUTE permission on application '${application}'`;
}
