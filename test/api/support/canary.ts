/** Kayenta canary configs and one-off canary requests for the API tests (synthetic metrics). */

/**
 * A config judging one latency metric on the synthetic provider. With `canaryMean` 200 the
 * experiment scope `app-canary` is twice as slow as the baseline; 100 is an A/A comparison.
 */
export function canaryConfig(name: string, applications: string[], options: { canaryMean?: number; extra?: Record<string, unknown> } = {}) {
  const canaryMean = options.canaryMean ?? 100;
  return {
    name,
    applications,
    description: 'latency of the canary against the baseline',
    configVersion: '1',
    judge: { name: 'NetflixACAJudge-v1.0', judgeConfigurations: {} },
    metrics: [
      {
        name: 'latency',
        query: { type: 'synthetic', mean: 100, sd: 10, seed: 'latency', overrides: { 'app-canary': { mean: canaryMean, sd: canaryMean / 10 } } },
        groups: ['performance'],
        analysisConfigurations: { canary: { direction: 'increase' } },
        scopeName: 'default',
      },
    ],
    classifier: { groupWeights: { performance: 100 }, scoreThresholds: { pass: 75, marginal: 50 } },
    templates: {},
    kayentaOnlyField: { kept: true },
    ...options.extra,
  };
}

/** A one-minute window in the past; the synthetic provider's values do not depend on when. */
export const WINDOW = { start: '2026-01-01T00:00:00Z', end: '2026-01-01T00:01:00Z' };

/** Kayenta's `executionRequest` for the `default` scope: `app-baseline` vs `app-canary`, 1 s steps. */
export function executionRequest(overrides: { control?: Record<string, unknown>; experiment?: Record<string, unknown>; thresholds?: unknown } = {}) {
  const scope = (name: string) => ({ scope: name, location: 'local', start: WINDOW.start, end: WINDOW.end, step: 1, extendedScopeParams: null });
  return {
    scopes: {
      default: {
        controlScope: { ...scope('app-baseline'), ...overrides.control },
        experimentScope: { ...scope('app-canary'), ...overrides.experiment },
      },
    },
    thresholds: overrides.thresholds ?? { pass: 75, marginal: 50 },
  };
}
