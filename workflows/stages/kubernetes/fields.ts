import { z } from 'zod';

/** Fields shared by the manifest stages (Spinnaker's names). */
export const account = z.string().min(1, 'account is required');

/** A target by name (`manifestName: "replicaSet web-v002"`) or by cluster and criteria (dynamic). */
export const targetFields = {
  account,
  cloudProvider: z.literal('kubernetes').optional(),
  /** The namespace. */
  location: z.string().optional(),
  manifestName: z.string().optional(),
  mode: z.enum(['static', 'dynamic']).optional(),
  cluster: z.string().optional(),
  criteria: z.enum(['newest', 'second_newest', 'oldest', 'largest', 'smallest']).optional(),
  /** Gennaker extension: how long to wait for the result to be stable (default 1800 s). */
  stableTimeoutSeconds: z.number().positive().optional(),
};

/** Adds "manifestName or cluster is required" to a stage schema with {@link targetFields}. */
export function requireTarget(value: { manifestName?: string; cluster?: string }, ctx: z.RefinementCtx): void {
  if (!value.manifestName && !value.cluster) ctx.addIssue({ code: 'custom', path: ['manifestName'], message: 'manifestName (or cluster and criteria) is required' });
}

export type TargetConfig = {
  account: string;
  location?: string;
  manifestName?: string;
  cluster?: string;
  criteria?: 'newest' | 'second_newest' | 'oldest' | 'largest' | 'smallest';
  stableTimeoutSeconds?: number;
};

/** The activity-side target of a stage config (dynamic fields only when no name is given). */
export function targetOf(c: TargetConfig) {
  return c.manifestName
    ? { account: c.account, location: c.location, manifestName: c.manifestName }
    : { account: c.account, location: c.location, cluster: c.cluster, criteria: c.criteria };
}

export const DEFAULT_STABLE_TIMEOUT_SECONDS = 1800;
