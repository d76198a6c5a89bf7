/**
 * Kayenta's one-off canary request (`CanaryAdhocExecutionRequest` / `CanaryExecutionRequest`):
 * `{canaryConfig | canaryConfigId, executionRequest: {scopes: {<scopeName>: {controlScope,
 * experimentScope}}, thresholds: {pass, marginal}}}`, read into the windows the canary activities
 * take. Times are ISO-8601 instants (what spin sends) or epoch milliseconds; `step` is in seconds.
 */
import { z } from 'zod';
import type { CanaryScopePair, CanaryScopeWindow } from '../activities/canary/types';
import { scoreThresholdsSchema, type CanaryConfig } from '../canary/config';
import type { ValidationProblem } from '../workflows/validation/problem';
import { jsonPath, zodProblems } from './validation';

/** Kayenta's default step, in seconds. */
const DEFAULT_STEP_SECONDS = 60;

const instant = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `'${value}' is not an ISO-8601 instant such as 2026-01-31T12:00:00Z` });
    return z.NEVER;
  }
  return ms;
});

const scopeSchema = z
  .object({
    scope: z.string().min(1, 'must name the scope (e.g. a server group)'),
    location: z.string().nullish(),
    start: instant,
    end: instant,
    step: z.coerce.number().positive('must be a positive number of seconds').default(DEFAULT_STEP_SECONDS),
    // spin sends null when no --extended-scope-params are given.
    extendedScopeParams: z.record(z.union([z.string(), z.number(), z.boolean()])).nullish(),
  })
  .passthrough()
  .superRefine((scope, ctx) => {
    if (scope.end <= scope.start) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['end'], message: 'must be after start' });
  });

const scopePairSchema = z.object({ controlScope: scopeSchema, experimentScope: scopeSchema }).passthrough();

/** Kayenta's `CanaryExecutionRequest`. */
export const executionRequestSchema = z
  .object({
    scopes: z.record(scopePairSchema).refine((scopes) => Object.keys(scopes).length > 0, 'needs at least one scope (e.g. "default")'),
    thresholds: scoreThresholdsSchema.optional(),
  })
  .passthrough();

/** The body of `POST /v2/canaries/canary`; the config itself is checked by the canary validator. */
export const adhocRequestSchema = z
  .object({
    canaryConfig: z.unknown().optional(),
    canaryConfigId: z.string().min(1).optional(),
    executionRequest: executionRequestSchema,
    metricsAccountName: z.string().min(1).optional(),
  })
  .passthrough();

type ScopeInput = z.infer<typeof scopeSchema>;

/** A checked execution request: its windows and its thresholds, if it gives them. */
export interface CanaryWindows {
  scopes: CanaryScopePair[];
  thresholds?: { pass: number; marginal: number };
}

function window(scope: ScopeInput): CanaryScopeWindow {
  const params = Object.entries(scope.extendedScopeParams ?? {}).map(([k, v]) => [k, String(v)]);
  return {
    scope: scope.scope,
    ...(scope.location ? { location: scope.location } : {}),
    startMs: scope.start,
    endMs: scope.end,
    stepSeconds: scope.step,
    ...(params.length ? { extendedScopeParams: Object.fromEntries(params) } : {}),
  };
}

/** The windows of a parsed `executionRequest`. */
export function canaryWindows(request: z.infer<typeof executionRequestSchema>): CanaryWindows {
  return {
    scopes: Object.entries(request.scopes).map(([scopeName, pair]) => ({
      scopeName,
      control: window(pair.controlScope),
      experiment: window(pair.experimentScope),
    })),
    thresholds: request.thresholds ? { pass: request.thresholds.pass, marginal: request.thresholds.marginal } : undefined,
  };
}

/** Problems of a schema's parse, with paths from `prefix`. */
export function parseProblems<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, value: unknown, prefix = ''): { data?: T; problems: ValidationProblem[] } {
  const parsed = schema.safeParse(value);
  return parsed.success ? { data: parsed.data, problems: [] } : { problems: zodProblems(parsed.error, prefix) };
}

/**
 * Metrics that read a scope the request does not define (`scopeName`, default `default`), which
 * the canary would otherwise only report once it runs.
 */
export function missingScopeProblems(config: CanaryConfig, scopes: CanaryScopePair[], configPath: string, scopesPath: string): ValidationProblem[] {
  const defined = new Set(scopes.map((s) => s.scopeName));
  const names = [...defined].map((n) => `'${n}'`).join(', ');
  return config.metrics.flatMap((metric, index) => {
    const scopeName = metric.scopeName || 'default';
    if (defined.has(scopeName)) return [];
    const path = configPath ? jsonPath(['metrics', index, 'scopeName'], configPath) : scopesPath;
    return [{ path, message: `metric '${metric.name}' reads scope '${scopeName}', but ${scopesPath} defines ${names}` }];
  });
}
