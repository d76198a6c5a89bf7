/**
 * Who an execution runs as, and the permission rule both the API and the worker apply. Pure code:
 * the API decides with it per request, the worker's permission activity at run time, and the
 * workflow only carries the {@link Authentication} along (a child pipeline inherits its parent's).
 */

/** An action on an application, in Fiat's names. */
export type Permission = 'READ' | 'WRITE' | 'EXECUTE';

/**
 * Orca's `execution.authentication`: the user an execution runs as. Gennaker has no role service
 * the worker could ask, so the roles the API authenticated at start travel with the execution;
 * the application permissions are read again whenever a stage needs a decision. Absent when the
 * API is open (authentication off): then everything is allowed, as before.
 */
export interface Authentication {
  user: string;
  /**
   * The roles the API authenticated at start. Absent when the API is open (authentication off):
   * the execution records who started it, and no permission check applies.
   */
  roles?: string[];
  /** The user held an admin role at start: everything is allowed. */
  admin?: boolean;
  /** Orca's field; Gennaker's deploy accounts have no per-user permissions, so it is never set. */
  allowedAccounts?: string[];
}

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

/**
 * Fiat's rule for application `permissions: {READ, WRITE, EXECUTE}` (as stored in the
 * application's attributes): an application without any role listed is unrestricted; otherwise
 * the action needs one of its roles (case-insensitive), and EXECUTE falls back to READ when it is
 * not listed. Admins and the open API are decided by the callers.
 */
export function rolesAllow(roles: readonly string[], permissions: unknown, action: Permission): boolean {
  const map = permissionMap(permissions);
  const restricted = Object.values(map).some((listed) => listed.length > 0);
  if (!restricted) return true;
  const needed = action === 'EXECUTE' && map.EXECUTE === undefined ? map.READ : map[action];
  const held = new Set(roles.map((r) => r.toLowerCase()));
  return (needed ?? []).some((role) => held.has(role));
}

/** Whether an execution running as `authentication` may perform `action` on an application with these `permissions`. */
export function authenticationAllows(authentication: Authentication | undefined, permissions: unknown, action: Permission): boolean {
  if (!authentication || authentication.admin || authentication.roles === undefined) return true;
  return rolesAllow(authentication.roles, permissions, action);
}
