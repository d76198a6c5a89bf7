/**
 * Kayenta-compatible canary configuration, metric data and judge request: zod schemas, the
 * types inferred from them, and validators that report every problem with its JSON path.
 *
 * Unknown fields are kept (`passthrough`) so a config exported from Kayenta or Spinnaker's UI
 * round-trips unchanged; only the fields the judge reads are checked.
 */

import { z } from 'zod';

/** One thing wrong with client input: where (JSON path, e.g. `metrics[2].name`) and what. */
export interface ValidationProblem {
  path: string;
  message: string;
}

/** Judge names accepted in `canaryConfig.judge.name`. */
export const KAYENTA_JUDGE_NAME = 'NetflixACAJudge-v1.0';
export const SEQUENTIAL_JUDGE_NAME = 'GennakerSequential';

const positiveNumber = z.number().finite().positive();

export const scoreThresholdsSchema = z
  .object({
    pass: z.number().finite(),
    marginal: z.number().finite(),
  })
  .passthrough()
  .superRefine((t, ctx) => {
    if (t.marginal > t.pass) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['marginal'], message: `marginal (${t.marginal}) must not exceed pass (${t.pass})` });
    }
  });

export const effectSizeSchema = z
  .object({
    measure: z.enum(['meanRatio', 'cles']).optional(),
    allowedIncrease: positiveNumber.optional(),
    allowedDecrease: positiveNumber.optional(),
    criticalIncrease: positiveNumber.optional(),
    criticalDecrease: positiveNumber.optional(),
  })
  .passthrough();

export const outliersSchema = z
  .object({
    strategy: z.enum(['remove', 'keep']).optional(),
    outlierFactor: positiveNumber.optional(),
  })
  .passthrough();

/** `analysisConfigurations.canary` of one metric; every field has Kayenta's default. */
export const canaryAnalysisConfigSchema = z
  .object({
    direction: z.enum(['increase', 'decrease', 'either']).optional(),
    nanStrategy: z.enum(['remove', 'replace']).optional(),
    critical: z.boolean().optional(),
    mustHaveData: z.boolean().optional(),
    muted: z.boolean().optional(),
    effectSize: effectSizeSchema.optional(),
    outliers: outliersSchema.optional(),
  })
  .passthrough();

export const canaryMetricConfigSchema = z
  .object({
    name: z.string().min(1),
    query: z.object({ type: z.string().min(1) }).passthrough(),
    groups: z.array(z.string().min(1)).optional(),
    scopeName: z.string().optional(),
    analysisConfigurations: z.object({ canary: canaryAnalysisConfigSchema.optional() }).passthrough().optional(),
  })
  .passthrough();

export const judgeConfigSchema = z
  .object({
    name: z.enum([KAYENTA_JUDGE_NAME, SEQUENTIAL_JUDGE_NAME]),
    judgeConfigurations: z
      .object({
        /** Where the interval bounds come from: R's root-finder (default) or the exact step locations. */
        intervalMethod: z.enum(['r', 'exact']).optional(),
      })
      .passthrough()
      .optional(),
  })
  .passthrough();

export const canaryConfigSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    applications: z.array(z.string()).optional(),
    judge: judgeConfigSchema.optional(),
    metrics: z.array(canaryMetricConfigSchema).min(1, 'needs at least one metric'),
    templates: z.record(z.string()).optional(),
    classifier: z
      .object({
        groupWeights: z.record(z.number().finite().nonnegative()).optional(),
        scoreThresholds: scoreThresholdsSchema.optional(),
      })
      .passthrough()
      .optional(),
  })
  .passthrough()
  .superRefine((config, ctx) => {
    const seen = new Map<string, number>();
    config.metrics.forEach((metric, index) => {
      const first = seen.get(metric.name);
      if (first !== undefined) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['metrics', index, 'name'], message: `duplicates the name of metrics[${first}]: "${metric.name}"` });
      } else seen.set(metric.name, index);
    });
    const weights = config.classifier?.groupWeights ?? {};
    const total = Object.values(weights).reduce((sum, w) => sum + w, 0);
    if (total > 100 + 1e-9) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['classifier', 'groupWeights'], message: `group weights add up to ${total}; they must total at most 100` });
    }
  });

/** One metric value: a number, or `null` / `"NaN"` for a missing point. */
export type MetricValue = number | null | 'NaN';

// Checked by hand rather than with z.union: a series can hold a million points.
const MAX_VALUE_PROBLEMS = 5;
const metricValuesSchema = z.custom<MetricValue[]>((v) => Array.isArray(v), { message: 'must be an array of numbers (null or "NaN" for missing points)' }).superRefine((values, ctx) => {
  let problems = 0;
  for (let i = 0; i < values.length && problems < MAX_VALUE_PROBLEMS; i++) {
    const v: unknown = values[i];
    if (v === null || v === 'NaN' || (typeof v === 'number' && Number.isFinite(v))) continue;
    problems++;
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i], message: `must be a finite number, null or "NaN", got ${JSON.stringify(v)}` });
  }
});

export const metricSetPairSchema = z
  .object({
    name: z.string().min(1),
    id: z.string().optional(),
    tags: z.record(z.string()).optional(),
    values: z.object({ control: metricValuesSchema, experiment: metricValuesSchema }).passthrough(),
  })
  .passthrough();

/** Where the canary is in its lifetime, for the sequential judge. */
export const sequentialPlanSchema = z
  .object({
    look: z.number().int().min(1),
    totalLooks: z.number().int().min(1).max(500),
    alpha: z.number().gt(0).max(0.5).optional(),
  })
  .passthrough()
  .superRefine((plan, ctx) => {
    if (plan.look > plan.totalLooks) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['look'], message: `look ${plan.look} is past totalLooks ${plan.totalLooks}` });
    }
  });

export const canaryJudgeRequestSchema = z
  .object({
    canaryConfig: canaryConfigSchema,
    metricSetPairList: z.array(metricSetPairSchema),
    scoreThresholds: scoreThresholdsSchema.optional(),
    sequential: sequentialPlanSchema.optional(),
  })
  .passthrough()
  .superRefine((request, ctx) => {
    const names = new Set(request.canaryConfig.metrics.map((m) => m.name));
    request.metricSetPairList.forEach((pair, index) => {
      if (!names.has(pair.name)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['metricSetPairList', index, 'name'], message: `no metric named "${pair.name}" in canaryConfig.metrics` });
      }
    });
    if (request.canaryConfig.judge?.name === SEQUENTIAL_JUDGE_NAME && request.sequential === undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['sequential'],
        message: `is required by the ${SEQUENTIAL_JUDGE_NAME} judge: give {look, totalLooks} (this interval and the planned number of intervals)`,
      });
    }
  });

export type ScoreThresholds = z.infer<typeof scoreThresholdsSchema>;
export type EffectSizeConfig = z.infer<typeof effectSizeSchema>;
export type OutliersConfig = z.infer<typeof outliersSchema>;
export type CanaryAnalysisConfig = z.infer<typeof canaryAnalysisConfigSchema>;
export type CanaryMetricConfig = z.infer<typeof canaryMetricConfigSchema>;
export type CanaryJudgeConfig = z.infer<typeof judgeConfigSchema>;
export type CanaryConfig = z.infer<typeof canaryConfigSchema>;
export type MetricSetPair = z.infer<typeof metricSetPairSchema>;
export type SequentialPlan = z.infer<typeof sequentialPlanSchema>;
/** Body of `gennaker canary judge`: Kayenta's judge inputs plus the optional sequential plan. */
export type CanaryJudgeRequest = z.infer<typeof canaryJudgeRequestSchema>;

/** Problems with a canary config (paths relative to the config); empty when valid. */
export function validateCanaryConfig(x: unknown): ValidationProblem[] {
  return problemsOf(canaryConfigSchema.safeParse(x));
}

/** Problems with a judge request (paths from the request root); empty when valid. */
export function validateJudgeRequest(x: unknown): ValidationProblem[] {
  return problemsOf(canaryJudgeRequestSchema.safeParse(x));
}

/** Thrown by the judge for input that does not validate; `problems` says where and what. */
export class InvalidCanaryRequestError extends Error {
  constructor(readonly problems: ValidationProblem[]) {
    super(`invalid canary judge request: ${problems.map((p) => `${p.path || '(root)'}: ${p.message}`).join('; ')}`);
    this.name = 'InvalidCanaryRequestError';
  }
}

/** Parses a judge request, throwing {@link InvalidCanaryRequestError} when it is invalid. */
export function parseJudgeRequest(x: unknown): CanaryJudgeRequest {
  const result = canaryJudgeRequestSchema.safeParse(x);
  if (!result.success) throw new InvalidCanaryRequestError(problemsOf(result));
  return result.data;
}

function problemsOf(result: z.SafeParseReturnType<unknown, unknown>): ValidationProblem[] {
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ path: formatPath(issue.path), message: describeIssue(issue) }));
}

function describeIssue(issue: z.ZodIssue): string {
  if (issue.code === z.ZodIssueCode.invalid_type && issue.received === 'undefined') return `is required (${issue.expected})`;
  return issue.message;
}

/** `['metrics', 2, 'name']` → `metrics[2].name`. */
export function formatPath(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}
