import type { CanaryConfig, CanaryMetricConfig } from '../../canary/config';
import { MetricProviderError } from '../metrics/errors';
import type { MetricFetchRequest, MetricQuery } from '../metrics/types';
import type { CanaryScopePair, CanaryScopeWindow } from './types';

/**
 * The stage scope a metric reads (`metric.scopeName`, default `default`).
 * @throws MetricProviderError (`query`) naming the scopes the stage defines.
 */
export function scopeFor(metric: CanaryMetricConfig, scopes: CanaryScopePair[]): CanaryScopePair {
  const scopeName = metric.scopeName || 'default';
  const scope = scopes.find((s) => s.scopeName === scopeName);
  if (scope) return scope;
  throw new MetricProviderError(
    `metric '${metric.name}' reads scope '${scopeName}', but the stage defines scopes: ${scopes.map((s) => `'${s.scopeName}'`).join(', ')}`,
    'query',
  );
}

/** The provider request of one metric for one side's window. */
export function metricRequest(canaryConfig: CanaryConfig, metric: CanaryMetricConfig, window: CanaryScopeWindow, signal?: AbortSignal): MetricFetchRequest {
  return {
    metricName: metric.name,
    query: metric.query as MetricQuery,
    scope: {
      scope: window.scope,
      location: window.location,
      startMs: window.startMs,
      endMs: window.endMs,
      stepSeconds: window.stepSeconds,
      extendedScopeParams: window.extendedScopeParams,
    },
    templates: canaryConfig.templates,
    signal,
  };
}
