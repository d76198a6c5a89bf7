/**
 * Whether a stage config asks to be undone when the pipeline later fails or is canceled:
 * Gennaker's `rollbackOnFailure: true` or Spinnaker's `rollback: {onFailure: true}`. Shared by the
 * engine (which decides whom to compensate) and the stages (which record what to undo).
 */
export function wantsRollback(config: Record<string, unknown> | undefined): boolean {
  if (!config) return false;
  const rollback = config.rollback as { onFailure?: unknown } | undefined;
  return config.rollbackOnFailure === true || rollback?.onFailure === true;
}
