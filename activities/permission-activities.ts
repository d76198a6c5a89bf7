import { type Authentication, type Permission, authenticationAllows } from '../workflows/model/authentication';

/** Where the worker reads an application's `permissions` attribute (the Prisma application store in production). */
export interface ApplicationPermissionSource {
  /** The application's `permissions` attribute; undefined when the application or the attribute does not exist (unrestricted). */
  getApplicationPermissions(application: string): Promise<unknown>;
}

/** Input of {@link createPermissionActivities}' `checkApplicationPermission`. */
export interface ApplicationPermissionCheck {
  authentication: Authentication;
  application: string;
  action: Permission;
  /** What needs the permission, for the message (e.g. "stage 'Deploy secure' to run its pipeline"). */
  purpose: string;
}

/** The answer: allowed, or why not in words fit for the stage's error. */
export type PermissionDecision = { allowed: true } | { allowed: false; message: string };

/**
 * Run-time permission checks: an execution's user may have lost access since the pipeline was
 * saved or started, so stages that act on another application ask again, against the permissions
 * stored now. Without a source (a worker built without a database) every check is refused.
 */
export function createPermissionActivities(source: ApplicationPermissionSource | undefined) {
  return {
    async checkApplicationPermission(input: ApplicationPermissionCheck): Promise<PermissionDecision> {
      const { authentication, application, action, purpose } = input;
      if (authentication.admin || authentication.roles === undefined) return { allowed: true };
      if (!source) {
        return { allowed: false, message: `cannot check ${action} permission on application '${application}' for ${purpose}: this worker has no application store` };
      }
      const permissions = await source.getApplicationPermissions(application.toLowerCase());
      if (authenticationAllows(authentication, permissions, action)) return { allowed: true };
      return { allowed: false, message: `${authentication.user} lacks ${action} permission on application '${application}', needed for ${purpose}` };
    },
  };
}
