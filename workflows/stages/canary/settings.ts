import { z } from 'zod';
import { canaryConfigSchema as kayentaConfigSchema, formatPath, type CanaryConfig } from '../../../canary/config';
import { parseIsoDuration } from './duration';
import type { CanaryTiming } from './plan';

/**
 * The `kayentaCanary` stage's fields (Orca's `KayentaCanaryContext`): validated leniently for the
 * API (numbers may still be `${…}` expressions or numeric strings, as Deck writes them), then read
 * strictly at run time by {@link readCanaryStageSettings}, after expressions were evaluated.
 */
const numberLike = z.union([z.number(), z.string()]);

const scopeSchema = z
  .object({
    scopeName: z.string().optional(),
    controlScope: z.string().optional(),
    controlLocation: z.string().optional(),
    experimentScope: z.string().optional(),
    experimentLocation: z.string().optional(),
    startTimeIso: z.string().optional(),
    endTimeIso: z.string().optional(),
    step: numberLike.optional(),
    extendedScopeParams: z.record(z.union([z.string(), z.number(), z.boolean()])).optional(),
  })
  .passthrough();

const canaryConfigSchema = z
  .object({
    canaryConfigId: z.string().optional(),
    /** Gennaker extension: the whole Kayenta canary config inline, instead of `canaryConfigId`. */
    inlineConfig: kayentaConfigSchema.optional(),
    scopes: z.array(scopeSchema).min(1, 'scopes needs at least one scope'),
    scoreThresholds: z.object({ pass: numberLike.optional(), marginal: numberLike.optional() }).passthrough().optional(),
    lifetimeDuration: z.string().optional(),
    lifetimeHours: numberLike.optional(),
    canaryAnalysisIntervalMins: numberLike.optional(),
    beginCanaryAnalysisAfterMins: numberLike.optional(),
    lookbackMins: numberLike.optional(),
    baselineAnalysisOffsetInMins: numberLike.optional(),
    metricsAccountName: z.string().optional(),
    storageAccountName: z.string().optional(),
  })
  .passthrough()
  .superRefine((c, ctx) => {
    if (!c.canaryConfigId && !c.inlineConfig) {
      ctx.addIssue({ code: 'custom', path: ['canaryConfigId'], message: 'canaryConfigId (or an inlineConfig) is required' });
    }
    if (c.lifetimeDuration === undefined && c.lifetimeHours === undefined && !c.scopes?.[0]?.endTimeIso) {
      ctx.addIssue({ code: 'custom', path: ['lifetimeDuration'], message: 'lifetimeDuration (e.g. PT1H) is required unless the scopes give startTimeIso and endTimeIso' });
    }
  });

/** The stage schema the registry and the API use. */
export const kayentaCanaryStageSchema = z.object({ canaryConfig: canaryConfigSchema, analysisType: z.string().optional() }).passthrough();

/** One scope of the stage, normalized. */
export interface CanaryStageScope {
  scopeName: string;
  controlScope: string;
  controlLocation?: string;
  experimentScope: string;
  experimentLocation?: string;
  extendedScopeParams: Record<string, string>;
}

/** The stage's fields, ready to plan and run. */
export interface CanaryStageSettings {
  canaryConfigId?: string;
  inlineConfig?: CanaryConfig;
  scopes: CanaryStageScope[];
  /** Orca uses the first scope's step for every scope. */
  stepSeconds: number;
  scoreThresholds: { pass: number; marginal: number };
  timing: CanaryTiming;
  metricsAccountName?: string;
}

/** Orca's defaults when the stage gives no thresholds. */
export const DEFAULT_SCORE_THRESHOLDS = { pass: 75, marginal: 50 };

const MINUTE_MS = 60_000;

function toNumber(field: string, value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isFinite(n)) throw new Error(`canaryConfig.${field} must be a number, not '${String(value)}'`);
  return n;
}

function minutes(field: string, value: unknown): number | undefined {
  const n = toNumber(field, value);
  if (n !== undefined && n < 0) throw new Error(`canaryConfig.${field} must not be negative`);
  return n === undefined ? undefined : Math.round(n * MINUTE_MS);
}

function isoTime(field: string, value: string | undefined): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new Error(`canaryConfig.scopes[0].${field} '${value}' is not an ISO-8601 time`);
  return ms;
}

/**
 * Reads the evaluated stage config.
 * @throws Error whose message names the offending field.
 */
export function readCanaryStageSettings(config: Record<string, unknown>): CanaryStageSettings {
  const parsed = kayentaCanaryStageSchema.safeParse(config);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((issue) => `${formatPath(issue.path) || 'stage'}: ${issue.message}`).join('; '));
  }
  const c = parsed.data.canaryConfig;
  const scopes = c.scopes.map((s, i) => {
    if (!s.controlScope || !s.experimentScope) throw new Error(`canaryConfig.scopes[${i}] needs controlScope and experimentScope`);
    return {
      scopeName: s.scopeName || 'default',
      controlScope: s.controlScope,
      controlLocation: s.controlLocation || undefined,
      experimentScope: s.experimentScope,
      experimentLocation: s.experimentLocation || undefined,
      extendedScopeParams: Object.fromEntries(Object.entries(s.extendedScopeParams ?? {}).map(([k, v]) => [k, String(v)])),
    };
  });
  const names = scopes.map((s) => s.scopeName);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new Error(`canaryConfig.scopes: scopeName '${duplicate}' is used twice`);

  const stepSeconds = toNumber('scopes[0].step', c.scopes[0].step) ?? 60;
  if (!(stepSeconds > 0)) throw new Error('canaryConfig.scopes[0].step must be a positive number of seconds');
  const pass = toNumber('scoreThresholds.pass', c.scoreThresholds?.pass) ?? DEFAULT_SCORE_THRESHOLDS.pass;
  const marginal = toNumber('scoreThresholds.marginal', c.scoreThresholds?.marginal) ?? DEFAULT_SCORE_THRESHOLDS.marginal;
  if (marginal > pass) throw new Error(`canaryConfig.scoreThresholds: marginal (${marginal}) must not exceed pass (${pass})`);

  let lifetimeMs: number | undefined;
  if (c.lifetimeDuration) {
    try {
      lifetimeMs = parseIsoDuration(c.lifetimeDuration);
    } catch (err) {
      throw new Error(`canaryConfig.lifetimeDuration: ${(err as Error).message}`);
    }
  } else {
    const hours = toNumber('lifetimeHours', c.lifetimeHours);
    lifetimeMs = hours === undefined ? undefined : Math.round(hours * 60 * MINUTE_MS);
  }

  return {
    canaryConfigId: c.canaryConfigId || undefined,
    inlineConfig: c.inlineConfig,
    scopes,
    stepSeconds,
    scoreThresholds: { pass, marginal },
    timing: {
      lifetimeMs,
      intervalMs: minutes('canaryAnalysisIntervalMins', c.canaryAnalysisIntervalMins),
      warmupMs: minutes('beginCanaryAnalysisAfterMins', c.beginCanaryAnalysisAfterMins),
      lookbackMs: minutes('lookbackMins', c.lookbackMins),
      baselineOffsetMs: minutes('baselineAnalysisOffsetInMins', c.baselineAnalysisOffsetInMins),
      startTimeMs: isoTime('startTimeIso', c.scopes[0].startTimeIso),
      endTimeMs: isoTime('endTimeIso', c.scopes[0].endTimeIso),
    },
    metricsAccountName: c.metricsAccountName || undefined,
  };
}
