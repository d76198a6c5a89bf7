/**
 * Builders for judge requests in tests: one line per metric instead of a page of JSON.
 */

import type { CanaryAnalysisConfig, CanaryJudgeRequest, MetricValue } from '../../../canary';

export interface MetricSpec {
  name: string;
  control: MetricValue[];
  experiment: MetricValue[];
  groups?: string[];
  canary?: CanaryAnalysisConfig;
}

export function request(metrics: MetricSpec[], extra: { groupWeights?: Record<string, number>; judgeName?: string; intervalMethod?: 'r' | 'exact' } = {}): CanaryJudgeRequest {
  return {
    canaryConfig: {
      name: 'test-canary',
      applications: ['app'],
      judge: { name: (extra.judgeName ?? 'NetflixACAJudge-v1.0') as 'NetflixACAJudge-v1.0', judgeConfigurations: extra.intervalMethod ? { intervalMethod: extra.intervalMethod } : {} },
      metrics: metrics.map((m) => ({
        name: m.name,
        query: { type: 'prometheus', metricName: m.name },
        groups: m.groups ?? ['default'],
        scopeName: 'default',
        analysisConfigurations: { canary: m.canary ?? {} },
      })),
      templates: {},
      classifier: { groupWeights: extra.groupWeights ?? {} },
    },
    metricSetPairList: metrics.map((m) => ({ name: m.name, values: { control: m.control, experiment: m.experiment } })),
    scoreThresholds: { pass: 75, marginal: 50 },
  };
}

/** n points around `center`, spread evenly over ±spread (deterministic, no ties). */
export function spread(n: number, center: number, width = 1): number[] {
  return Array.from({ length: n }, (_, i) => center + width * ((i + 0.5) / n - 0.5) * 2);
}
