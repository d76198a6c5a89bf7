/**
 * The canary judge: preprocess → classify each metric → score groups → verdict, returning
 * Kayenta's `CanaryJudgeResult` shape. Pure: no I/O, no clock, no randomness.
 */

import { classifyMetric, type MetricClassificationLabel, type MetricResultMetadata, type MetricTestSettings } from './classify-metric';
import { KAYENTA_JUDGE_NAME, SEQUENTIAL_JUDGE_NAME, parseJudgeRequest, type CanaryJudgeRequest, type CanaryMetricConfig, type MetricValue } from './config';
import { formatNumber } from './explain';
import { resolveMetricSettings } from './metric-settings';
import { describeSeries, type MetricStats } from './metric-stats';
import { preprocess, type PreprocessedSeries } from './preprocess';
import { scoreResults, type GroupScore, type SummaryScore } from './score';
import { DEFAULT_SEQUENTIAL_ALPHA, sequentialBoundary, type SequentialBoundary } from './sequential';

/** Confidence level of the interval in Kayenta's NetflixACAJudge (hard-coded there too). */
export const KAYENTA_CONFIDENCE_LEVEL = 0.98;

/** Score thresholds used when neither the request nor the config gives any (Spinnaker's defaults). */
export const DEFAULT_SCORE_THRESHOLDS = { pass: 75, marginal: 50 } as const;

/** Per-series metadata: Kayenta's `stats`, plus what preprocessing removed. */
export interface SeriesMetadata {
  stats: MetricStats;
  /** Missing points (`null` / `"NaN"`) in the input. */
  missing: number;
  /** Points dropped as outliers. */
  outliersRemoved: number;
}

/** Kayenta's `CanaryAnalysisResult`: one metric's verdict. */
export interface CanaryAnalysisResult {
  name: string;
  id?: string;
  tags?: Record<string, string>;
  classification: MetricClassificationLabel;
  classificationReason: string;
  critical: boolean;
  muted: boolean;
  groups: string[];
  experimentMetadata: SeriesMetadata;
  controlMetadata: SeriesMetadata;
  resultMetadata: MetricResultMetadata;
}

/** Kayenta's `CanaryJudgeResult`, plus the sequential boundary when that judge ran. */
export interface CanaryJudgeResult {
  judgeName: string;
  results: CanaryAnalysisResult[];
  groupScores: GroupScore[];
  score: SummaryScore;
  sequential?: SequentialBoundary;
}

/**
 * Judges one canary interval.
 *
 * `canaryConfig.judge.name` picks the mode: `NetflixACAJudge-v1.0` (default) reproduces Kayenta,
 * with a 98 % Mann-Whitney interval at every interval; `GennakerSequential` uses the repeated
 * confidence interval of a group-sequential design, which needs `request.sequential`
 * `{look, totalLooks, alpha?}` and keeps the chance of any false alarm over all looks ≤ alpha.
 * `canaryConfig.judge.judgeConfigurations.intervalMethod` `"exact"` uses the exact step
 * locations of the statistic instead of R's root-finder.
 *
 * @throws InvalidCanaryRequestError when the request does not validate (see `validateJudgeRequest`).
 */
export function judge(request: CanaryJudgeRequest): CanaryJudgeResult {
  const { canaryConfig, metricSetPairList } = parseJudgeRequest(request);
  const judgeName = canaryConfig.judge?.name ?? KAYENTA_JUDGE_NAME;
  const sequential =
    judgeName === SEQUENTIAL_JUDGE_NAME && request.sequential
      ? sequentialBoundary(request.sequential.look, request.sequential.totalLooks, request.sequential.alpha ?? DEFAULT_SEQUENTIAL_ALPHA)
      : undefined;
  const test: MetricTestSettings = {
    confLevel: KAYENTA_CONFIDENCE_LEVEL,
    method: canaryConfig.judge?.judgeConfigurations?.intervalMethod ?? 'r',
    sequential,
  };

  const configs = new Map(canaryConfig.metrics.map((m) => [m.name, m]));
  const results = metricSetPairList.map((pair) => {
    const config = configs.get(pair.name) as CanaryMetricConfig;
    return judgeMetric(config, pair.values.experiment, pair.values.control, test, { id: pair.id, tags: pair.tags });
  });
  // A configured metric without data is reported as such rather than silently left out.
  const supplied = new Set(metricSetPairList.map((p) => p.name));
  for (const config of canaryConfig.metrics) {
    if (!supplied.has(config.name)) results.push(judgeMetric(config, [], [], test, {}));
  }

  const thresholds = request.scoreThresholds ?? canaryConfig.classifier?.scoreThresholds ?? DEFAULT_SCORE_THRESHOLDS;
  const { groupScores, score } = scoreResults(results, canaryConfig.classifier?.groupWeights ?? {}, thresholds);
  const summary = sequential ? { ...score, classificationReason: `${score.classificationReason} ${describeSequential(sequential)}` } : score;
  return { judgeName, results, groupScores, score: summary, ...(sequential ? { sequential } : {}) };
}

function judgeMetric(
  config: CanaryMetricConfig,
  experimentRaw: readonly MetricValue[],
  controlRaw: readonly MetricValue[],
  test: MetricTestSettings,
  identity: { id?: string; tags?: Record<string, string> },
): CanaryAnalysisResult {
  const settings = resolveMetricSettings(config);
  const experiment = preprocess(experimentRaw, settings.nanStrategy, settings.outliers);
  const control = preprocess(controlRaw, settings.nanStrategy, settings.outliers);
  const experimentStats = describeSeries(experiment.values);
  const controlStats = describeSeries(control.values);
  const verdict = classifyMetric({ name: config.name, experiment, control, experimentStats, controlStats, settings, test });
  return {
    name: config.name,
    ...(identity.id !== undefined ? { id: identity.id } : {}),
    ...(identity.tags !== undefined ? { tags: identity.tags } : {}),
    classification: verdict.classification,
    classificationReason: verdict.classificationReason,
    critical: verdict.critical,
    muted: settings.muted,
    groups: config.groups ?? [],
    experimentMetadata: seriesMetadata(experiment, experimentStats),
    controlMetadata: seriesMetadata(control, controlStats),
    resultMetadata: verdict.resultMetadata,
  };
}

function seriesMetadata(series: PreprocessedSeries, stats: MetricStats): SeriesMetadata {
  return { stats, missing: series.missing, outliersRemoved: series.outliers };
}

function describeSequential(b: SequentialBoundary): string {
  return (
    `Sequential judge, look ${b.look} of ${b.totalLooks}: a metric counts as High or Low only if its Mann-Whitney z crosses ` +
    `±${formatNumber(b.boundary)}; O'Brien–Fleming alpha spending keeps the false-alarm ` +
    `rate over all ${b.totalLooks} looks at ${formatNumber(b.alpha)} (${formatNumber(b.alphaSpent)} spent by this look).`
  );
}
