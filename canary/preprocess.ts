/**
 * Kayenta's metric preprocessing, applied to control and experiment separately:
 * missing points (NaN) removed or replaced by 0, then optionally IQR outlier removal with
 * "reduced sensitivity" fences and R-7 percentiles (R's default `quantile` type).
 */

import type { MetricValue } from './config';

/** What happens to missing points (`null` / `"NaN"`). */
export type NanStrategy = 'remove' | 'replace';

/** Outlier handling of one metric. */
export interface OutlierSettings {
  strategy: 'remove' | 'keep';
  /** k in Q1 − k·IQR … Q3 + k·IQR. */
  factor: number;
}

/** A series after preprocessing, with what was dropped (for the verdict's explanation). */
export interface PreprocessedSeries {
  values: Float64Array;
  /** Points that were missing (`null` / `"NaN"`) in the input. */
  missing: number;
  /** Points removed as outliers. */
  outliers: number;
}

/** Runs the NaN strategy, then outlier removal, on one series. */
export function preprocess(raw: readonly MetricValue[], nanStrategy: NanStrategy, outliers: OutlierSettings): PreprocessedSeries {
  const { values, missing } = handleMissing(raw, nanStrategy);
  if (outliers.strategy === 'keep' || values.length === 0) return { values, missing, outliers: 0 };
  const kept = removeOutliers(values, outliers.factor);
  return { values: kept, missing, outliers: values.length - kept.length };
}

/** Drops missing points, or replaces each with 0 (Kayenta's `replace`). */
export function handleMissing(raw: readonly MetricValue[], strategy: NanStrategy): { values: Float64Array; missing: number } {
  let missing = 0;
  for (const v of raw) if (typeof v !== 'number' || Number.isNaN(v)) missing++;
  if (strategy === 'replace') {
    return { values: Float64Array.from(raw, (v) => (typeof v === 'number' && !Number.isNaN(v) ? v : 0)), missing };
  }
  const values = new Float64Array(raw.length - missing);
  let n = 0;
  for (const v of raw) if (typeof v === 'number' && !Number.isNaN(v)) values[n++] = v;
  return { values, missing };
}

/**
 * Keeps the values inside [min(P1, Q1 − k·IQR), max(P99, Q3 + k·IQR)] — Kayenta's IQR detector
 * with reduced sensitivity, so a fence never cuts into the central 98 % of the data.
 */
export function removeOutliers(values: Float64Array, factor: number): Float64Array {
  const sorted = Float64Array.from(values).sort();
  const q1 = percentileR7(sorted, 25);
  const q3 = percentileR7(sorted, 75);
  const iqr = q3 - q1;
  const lowerFence = Math.min(percentileR7(sorted, 1), q1 - factor * iqr);
  const upperFence = Math.max(percentileR7(sorted, 99), q3 + factor * iqr);
  return values.filter((v) => v >= lowerFence && v <= upperFence);
}

/**
 * The p-th percentile (0 < p ≤ 100) of ascending `sorted` by the R-7 estimator (linear
 * interpolation between order statistics at position 1 + (n − 1)·p/100), as Apache Commons
 * Math computes it for Kayenta. NaN for an empty array.
 */
export function percentileR7(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const position = p >= 100 ? n : 1 + (n - 1) * (p / 100);
  if (position < 1) return sorted[0];
  if (position >= n) return sorted[n - 1];
  const whole = Math.floor(position);
  const fraction = position - whole;
  const below = sorted[whole - 1];
  return below + fraction * (sorted[whole] - below);
}
