/**
 * Descriptive statistics of a preprocessed series, in the shape Kayenta reports them
 * (`experimentMetadata.stats` / `controlMetadata.stats`).
 */

import { mean, sampleVariance } from 'simple-statistics';

/** Kayenta's `MetricStatistics`; all zero for an empty series. */
export interface MetricStats {
  count: number;
  mean: number;
  min: number;
  max: number;
  /** Sample standard deviation (n − 1 in the denominator); 0 for a single point. */
  std: number;
}

export function describeSeries(values: Float64Array): MetricStats {
  const count = values.length;
  if (count === 0) return { count: 0, mean: 0, min: 0, max: 0, std: 0 };
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const list = Array.from(values);
  return { count, mean: mean(list), min, max, std: count > 1 ? Math.sqrt(sampleVariance(list)) : 0 };
}
