/**
 * Application permissions in Spinnaker's shape, stored in the application's attributes:
 * `permissions: {READ: [roles], WRITE: [roles], EXECUTE: [roles]}`. Semantics follow Fiat: an
 * application without any role listed is unrestricted; otherwise an action needs one of its
 * roles, and EXECUTE falls back to READ when it is not listed.
 */
import type { ApplicationStore } from '../prisma/application-store';
import type { Principal } from './auth';
import { forbidden } from './errors';

export type Permission = 'READ' | 'WRITE' | 'EXECUTE';

type PermissionMap = Partial<Record<Permission, string[]>>;

function permissionMap(value: unknown): PermissionMap {
  if (typeof value !== 'object' || value === null) return {};
  const map: PermissionMap = {};
  for (const action of ['READ', 'WRITE', 'EXECUTE'] as const) {
    const roles = (value as Record<string, unknown>)[action];
    if (Array.isArray(roles)) {
      map[action] = roles.filter((r): r is string => typeof r === 'string').map((r) => r.trim().toLowerCase());
    }
  }
  return map;
}

/** Whether `principal` may perform `action` on an application with these `permissions`. */
export function isAllowed(principal: Principal, permissions: unknown, action: Permission): boolean {
  if (principal.kind === 'open' || principal.admin) return true;
  const map = permissionMap(permissions);
  const restricted = Object.values(map).some((roles) => roles.length > 0);
  if (!restricted) return true;
  const roles = action === 'EXECUTE' && map.EXECUTE === undefined ? map.READ : map[action];
  const held = new Set(principal.roles.map((r) => r.toLowerCase()));
  return (roles ?? []).some((role) => held.has(role));
}

/** Checks permissions against stored applications, remembering each lookup for one request. */
export class AccessChecker {
  private readonly permissions = new Map<string, Promise<unknown>>();

  constructor(
    private readonly applications: ApplicationStore,
    private readonly principal: Principal,
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
