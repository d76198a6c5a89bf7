import type { CanaryConfig, MetricSetPair } from '../../canary/config';
import type { MetricProviders, MetricQuery } from '../metrics/types';
import { metricRequest, scopeFor } from './metric-requests';
import { pairSeries } from './pair-series';
import type { CanaryScopePair, CanaryScopeWindow } from './types';

/** What {@link fetchMetricSetPairs} needs. */
export interface FetchPairsInput {
  canaryConfig: CanaryConfig;
  scopes: CanaryScopePair[];
  metricsAccountName?: string;
  providers: MetricProviders;
  signal?: AbortSignal;
  /** Called after each metric is fetched (the activity heartbeats there). */
  onMetricFetched?(name: string, done: number, total: number): void;
}

/** Metrics read at once; enough to hide latency without hammering the store. */
const CONCURRENCY = 4;

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  });
  await Promise.all(workers);
  return results;
}

/**
 * Reads every metric of the canary config for its scope's control and experiment windows and
 * pairs the series for the judge. Warnings name each side that returned no data, with its query.
 * @throws MetricProviderError from the providers; a metric naming an unknown scope is a `query` error.
 */
export async function fetchMetricSetPairs(input: FetchPairsInput): Promise<{ pairs: MetricSetPair[]; warnings: string[] }> {
  const { canaryConfig, scopes, providers } = input;
  let done = 0;
  const perMetric = await mapLimited(canaryConfig.metrics, CONCURRENCY, async (metric) => {
    const scope = scopeFor(metric, scopes);
    const provider = providers.resolve(input.metricsAccountName, (metric.query as MetricQuery).type);
    const read = (window: CanaryScopeWindow) => provider.fetch(metricRequest(canaryConfig, metric, window, input.signal));
    const [control, experiment] = await Promise.all([read(scope.control), read(scope.experiment)]);
    const warnings: string[] = [];
    for (const [side, window, result] of [['control', scope.control, control], ['experiment', scope.experiment, experiment]] as const) {
      if (!result.series.some((s) => s.values.length > 0)) {
        warnings.push(`metric '${metric.name}': no data for the ${side} scope '${window.scope}' (${result.query})`);
      }
    }
    done += 1;
    input.onMetricFetched?.(metric.name, done, canaryConfig.metrics.length);
    return { pairs: pairSeries(metric.name, control.series, experiment.series), warnings };
  });
  return { pairs: perMetric.flatMap((m) => m.pairs), warnings: perMetric.flatMap((m) => m.warnings) };
}
