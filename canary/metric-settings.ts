/**
 * A metric's `analysisConfigurations.canary` with Kayenta's defaults filled in.
 */

import type { CanaryMetricConfig } from './config';
import type { EffectSizeMeasure } from './effect-size';
import type { NanStrategy, OutlierSettings } from './preprocess';

export type MetricDirection = 'increase' | 'decrease' | 'either';

/** Everything the classifier needs to know about one metric. */
export interface MetricSettings {
  direction: MetricDirection;
  nanStrategy: NanStrategy;
  critical: boolean;
  mustHaveData: boolean;
  muted: boolean;
  effectSize: {
    measure: EffectSizeMeasure;
    allowedIncrease: number;
    allowedDecrease: number;
    criticalIncrease: number;
    criticalDecrease: number;
  };
  outliers: OutlierSettings;
}

/** Kayenta's defaults: either direction, remove NaN, keep outliers (factor 3), effect 1.0 (0.5 for CLES). */
export function resolveMetricSettings(metric: CanaryMetricConfig): MetricSettings {
  const canary = metric.analysisConfigurations?.canary ?? {};
  const measure = canary.effectSize?.measure ?? 'meanRatio';
  const neutral = measure === 'cles' ? 0.5 : 1.0;
  return {
    direction: canary.direction ?? 'either',
    nanStrategy: canary.nanStrategy ?? 'remove',
    critical: canary.critical ?? false,
    mustHaveData: canary.mustHaveData ?? false,
    muted: canary.muted ?? false,
    effectSize: {
      measure,
      allowedIncrease: canary.effectSize?.allowedIncrease ?? neutral,
      allowedDecrease: canary.effectSize?.allowedDecrease ?? neutral,
      criticalIncrease: canary.effectSize?.criticalIncrease ?? neutral,
      criticalDecrease: canary.effectSize?.criticalDecrease ?? neutral,
    },
    outliers: { strategy: canary.outliers?.strategy ?? 'keep', factor: canary.outliers?.outlierFactor ?? 3.0 },
  };
}
