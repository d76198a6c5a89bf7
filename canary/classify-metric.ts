/**
 * Classifies one metric as Pass / High / Low / Nodata / NodataFailMetric / Error, following
 * Kayenta's `MannWhitneyClassifier` rule by rule, and says in words which rule decided.
 *
 * Order: missing data → identical data → a single value everywhere → Mann-Whitney test with
 * the tolerance band (¼ of the estimated shift), direction and effect-size gates → critical
 * thresholds.
 */

import { commonLanguageEffectSize, meanRatio } from './effect-size';
import { describeInterval, formatNumber, shiftPhrase, type IntervalContext } from './explain';
import { mannWhitneyConstantSamples, mannWhitneySorted, type IntervalMethod, type MannWhitneyResult } from './mann-whitney';
import type { MetricSettings } from './metric-settings';
import type { MetricStats } from './metric-stats';
import type { PreprocessedSeries } from './preprocess';
import type { SequentialBoundary } from './sequential';

export type MetricClassificationLabel = 'Pass' | 'High' | 'Low' | 'Nodata' | 'NodataFailMetric' | 'Error';

/**
 * Kayenta's tolerance: the interval must clear ¼ of the estimated shift on either side of 0.
 * (Not applied by the sequential judge, whose boundary already fixes the false-alarm rate.)
 */
export const TOLERANCE_FRACTION = 0.25;

/** How the test is run: Kayenta's fixed 98 % interval, or a sequential look's boundary. */
export interface MetricTestSettings {
  confLevel: number;
  method: IntervalMethod;
  sequential?: SequentialBoundary;
}

/** `resultMetadata` of a metric result: Kayenta's `ratio` plus the test that decided. */
export interface MetricResultMetadata {
  /** Experiment mean ÷ control mean; null when either mean is 0. */
  ratio: number | null;
  estimate?: number;
  lowerConfidence?: number;
  upperConfidence?: number;
  pValue?: number;
  zScore?: number;
  confLevel?: number;
  toleranceBand?: number;
  effectSize?: { measure: MetricSettings['effectSize']['measure']; value: number | null };
  /** |z| boundary of the sequential look that produced the interval. */
  sequentialBoundary?: number;
}

export interface MetricClassification {
  classification: MetricClassificationLabel;
  classificationReason: string;
  critical: boolean;
  resultMetadata: MetricResultMetadata;
}

/** Inputs of {@link classifyMetric}: preprocessed series and their stats. */
export interface MetricComparison {
  name: string;
  experiment: PreprocessedSeries;
  control: PreprocessedSeries;
  experimentStats: MetricStats;
  controlStats: MetricStats;
  settings: MetricSettings;
  test: MetricTestSettings;
}

export function classifyMetric(input: MetricComparison): MetricClassification {
  const { experiment, control, settings } = input;
  if (experiment.values.length === 0 || control.values.length === 0) return classifyMissing(input);

  const xs = Float64Array.from(experiment.values).sort();
  const ys = Float64Array.from(control.values).sort();
  if (sameValues(xs, ys)) {
    return pass(`Pass: the canary and baseline data are identical (${xs.length} points each).`);
  }
  if (xs[0] === xs[xs.length - 1] && ys[0] === ys[ys.length - 1] && xs[0] === ys[0]) {
    return pass(`Pass: every canary and baseline point has the same value ${formatNumber(xs[0])}, so there is nothing to compare.`);
  }

  let test: MannWhitneyResult;
  try {
    test = runTest(xs, ys, input.test);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      classification: 'Error',
      classificationReason: `Error: the Mann-Whitney test could not be computed (${message}).${settings.critical ? ' The metric is critical, so the canary fails.' : ''}`,
      critical: settings.critical,
      resultMetadata: { ratio: null },
    };
  }
  return classifyTested(input, xs, ys, test);
}

function runTest(xs: Float64Array, ys: Float64Array, settings: MetricTestSettings): MannWhitneyResult {
  const options = { confLevel: settings.confLevel, method: settings.method, criticalValue: settings.sequential?.boundary };
  if (xs[0] === xs[xs.length - 1] && ys[0] === ys[ys.length - 1]) {
    // Both constant (and different): Kayenta jitters them with noise; we take the noise-free limit.
    return mannWhitneyConstantSamples(xs[0], xs.length, ys[0], ys.length, options);
  }
  return mannWhitneySorted({ xs, ys }, options);
}

function classifyTested(input: MetricComparison, xs: Float64Array, ys: Float64Array, test: MannWhitneyResult): MetricClassification {
  const { settings, name } = input;
  const { effectSize: thresholds, direction } = settings;
  const ratio = meanRatio(input.controlStats.mean, input.experimentStats.mean);
  const effect = thresholds.measure === 'cles' ? commonLanguageEffectSize(test.statistic, xs.length, ys.length) : ratio;
  // The sequential boundary alone sets the evidence needed; Kayenta's band would raise it again.
  const band = input.test.sequential ? 0 : TOLERANCE_FRACTION * Math.abs(test.estimate);
  const context: IntervalContext = { test, band, sequential: input.test.sequential };
  const effectText = Number.isNaN(effect) ? `effect size ${thresholds.measure} undefined (a mean is 0), so the effect-size gate is skipped` : `effect size ${thresholds.measure} ${formatNumber(effect)}`;

  // The sequential judge decides on z against the look's boundary: R's interval is clamped to
  // [min x − max y, max x − min y] when the statistic cannot reach the quantile, so with small
  // samples that do not overlap its bound can exclude 0 although the test is not significant.
  const boundary = input.test.sequential?.boundary;
  const higher = boundary !== undefined ? test.z > boundary : test.lowerConfidence > band;
  const lower = boundary !== undefined ? test.z < -boundary : test.upperConfidence < -band;
  const allowsIncrease = direction !== 'decrease';
  const allowsDecrease = direction !== 'increase';
  const bigEnoughUp = Number.isNaN(effect) || effect >= thresholds.allowedIncrease;
  const bigEnoughDown = Number.isNaN(effect) || effect <= thresholds.allowedDecrease;

  const metadata: MetricResultMetadata = {
    ratio: Number.isNaN(ratio) ? null : ratio,
    estimate: test.estimate,
    lowerConfidence: test.lowerConfidence,
    upperConfidence: test.upperConfidence,
    pValue: test.pValue,
    zScore: test.z,
    confLevel: test.confLevel,
    toleranceBand: band,
    effectSize: { measure: thresholds.measure, value: Number.isNaN(effect) ? null : effect },
    ...(input.test.sequential ? { sequentialBoundary: input.test.sequential.boundary } : {}),
  };
  const result = (classification: MetricClassificationLabel, reason: string, critical = false): MetricClassification => ({
    classification,
    classificationReason: reason,
    critical,
    resultMetadata: metadata,
  });

  if (!higher && !lower) {
    return result('Pass', `Pass: no significant shift of ${name}. ${describeInterval(context, 'overlap')}`);
  }
  const up = higher;
  const evidence = `${shiftPhrase(up)}. ${describeInterval(context, up ? 'above' : 'below')}`;
  if (up ? !allowsIncrease : !allowsDecrease) {
    return result('Pass', `Pass: ${evidence} But ${name} only fails when it ${up ? 'decreases' : 'increases'} (direction: ${direction}).`);
  }
  if (up ? !bigEnoughUp : !bigEnoughDown) {
    const limit = up ? `allowedIncrease ${formatNumber(thresholds.allowedIncrease)}` : `allowedDecrease ${formatNumber(thresholds.allowedDecrease)}`;
    return result('Pass', `Pass: ${evidence} But the ${effectText} is ${up ? 'below' : 'above'} ${limit}, so the change is too small to count.`);
  }
  const label: MetricClassificationLabel = up ? 'High' : 'Low';
  const gate = up ? `≥ allowedIncrease ${formatNumber(thresholds.allowedIncrease)}` : `≤ allowedDecrease ${formatNumber(thresholds.allowedDecrease)}`;
  const base = `${label}: ${evidence} The ${effectText}${Number.isNaN(effect) ? '' : ` ${gate}`}.`;
  if (!settings.critical) return result(label, base);

  const criticalLimit = up ? thresholds.criticalIncrease : thresholds.criticalDecrease;
  const criticalHit = Number.isNaN(effect) || (up ? effect >= criticalLimit : effect <= criticalLimit);
  const criticalName = up ? 'criticalIncrease' : 'criticalDecrease';
  if (criticalHit) {
    return result(label, `${base} Critical metric: the effect reaches ${criticalName} ${formatNumber(criticalLimit)}, so the canary fails whatever its score.`, true);
  }
  return result(label, `${base} Critical metric, but the effect does not reach ${criticalName} ${formatNumber(criticalLimit)}, so it counts as an ordinary ${label}.`);
}

function classifyMissing({ name, experiment, control, settings }: MetricComparison): MetricClassification {
  const sides = [experiment.values.length === 0 ? 'canary' : '', control.values.length === 0 ? 'baseline' : ''].filter(Boolean).join(' and ');
  const dropped = experiment.missing + control.missing;
  const what = `No data: the ${sides} series of ${name} ${sides.includes(' and ') ? 'are' : 'is'} empty${dropped > 0 ? ` after removing ${dropped} missing (NaN) points` : ''}.`;
  const metadata: MetricResultMetadata = { ratio: 1.0 };
  if (settings.nanStrategy === 'replace') {
    return { classification: 'Pass', classificationReason: `Pass: nothing to compare — ${what.slice('No data: '.length)} With nanStrategy replace, missing data passes.`, critical: false, resultMetadata: metadata };
  }
  if (settings.mustHaveData && !settings.critical) {
    return { classification: 'NodataFailMetric', classificationReason: `${what} mustHaveData is set, so this counts as a failed metric.`, critical: false, resultMetadata: metadata };
  }
  const consequence = settings.critical ? 'The metric is critical, so missing data fails the canary.' : 'It is left out of its group score.';
  return { classification: 'Nodata', classificationReason: `${what} ${consequence}`, critical: settings.critical, resultMetadata: metadata };
}

function pass(reason: string): MetricClassification {
  return { classification: 'Pass', classificationReason: reason, critical: false, resultMetadata: { ratio: 1.0 } };
}

function sameValues(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
