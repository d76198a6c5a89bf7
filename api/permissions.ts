/**
 * Application permissions in Spinnaker's shape, stored in the application's attributes:
 * `permissions: {READ: [roles], WRITE: [roles], EXECUTE: [roles]}`. The rule itself (Fiat's) is
 * {@link rolesAllow}, shared with the worker; this module applies it to the API's caller.
 */
import type { ApplicationStore } from '../prisma/application-store';
import { type Authentication, type Permission, rolesAllow } from '../workflows/model/authentication';
import type { Principal } from './auth';
import { forbidden } from './errors';

export type { Permission };

/** Whether `principal` may perform `action` on an application with these `permissions`. */
export function isAllowed(principal: Principal, permissions: unknown, action: Permission): boolean {
  if (principal.kind === 'open' || principal.admin) return true;
  return rolesAllow(principal.roles, permissions, action);
}

/** The `authentication` an execution started by `principal` carries; undefined when the API is open. */
export function executionAuthentication(principal: Principal): Authentication | undefined {
  if (principal.kind === 'open') return undefined;
  return { user: principal.user, roles: [...principal.roles], ...(principal.admin ? { admin: true } : {}) };
}

/** Checks permissions against stored applications, remembering each lookup for one request. */
export class AccessChecker {
  private readonly permissions = new Map<string, Promise<unknown>>();

  constructor(
    private readonly applications: ApplicationStore,
    /** The caller the checks are for. */
    readonly principal: Principal,
  ) {}

  async allows(application: string, action: Permission): Promise<boolean> {
    if (this.principal.kind === 'open' || this.principal.admin) return true;
    const key = application.toLowerCase();
    let lookup = this.permissions.get(key);
    if (!lookup) {
      lookup = this.applications.get(key).then((app) => app?.attributes.permissions);
      this.permissions.set(key, lookup);
    }
    return isAllowed(this.principal, await lookup, action);
  }

  /** Throws 403 unless allowed. */
  async require(application: string, action: Permission): Promise<void> {
    if (!(await this.allows(application, action))) {
      const who = this.principal.kind === 'user' ? this.principal.user : 'anonymous';
      throw forbidden(`${who} lacks ${action} permission on application '${application}'`);
    }
  }
}
