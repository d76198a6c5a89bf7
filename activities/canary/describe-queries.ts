import type { CanaryConfig } from '../../canary/config';
import type { MetricProviders, MetricQuery } from '../metrics/types';
import { metricRequest, scopeFor } from './metric-requests';
import type { CanaryMetricQuery, CanaryScopePair } from './types';

/**
 * Resolves the account of every metric and builds its control and experiment queries without
 * running them, so a missing account, scope or template fails the stage when it starts.
 * @throws MetricProviderError for the first metric that cannot be queried.
 */
export function describeQueries(canaryConfig: CanaryConfig, scopes: CanaryScopePair[], metricsAccountName: string | undefined, providers: MetricProviders): CanaryMetricQuery[] {
  return canaryConfig.metrics.map((metric) => {
    const scope = scopeFor(metric, scopes);
    const provider = providers.resolve(metricsAccountName, (metric.query as MetricQuery).type);
    return {
      metric: metric.name,
      scopeName: scope.scopeName,
      account: provider.accountName,
      control: provider.buildQuery(metricRequest(canaryConfig, metric, scope.control)),
      experiment: provider.buildQuery(metricRequest(canaryConfig, metric, scope.experiment)),
    };
  });
}
