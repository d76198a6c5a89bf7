import type { MetricFetchRequest, MetricProvider } from '../types';
import type { PrometheusApi } from './client';
import { buildPromQl, type PrometheusLabels, type PrometheusQuery } from './query';

/** A Prometheus metrics account. */
export interface PrometheusAccountOptions extends Partial<PrometheusLabels> {
  name: string;
  api: PrometheusApi;
}

/** The Prometheus provider: builds PromQL from a Kayenta query and runs it as a range query. */
export function createPrometheusProvider(options: PrometheusAccountOptions): MetricProvider {
  const labels: PrometheusLabels = { scopeLabel: options.scopeLabel ?? 'instance', locationLabel: options.locationLabel };
  const buildQuery = (request: MetricFetchRequest) =>
    buildPromQl(request.query as unknown as PrometheusQuery, request.scope, request.templates, labels, request.metricName);
  return {
    type: 'prometheus',
    accountName: options.name,
    buildQuery,
    async fetch(request: MetricFetchRequest) {
      const query = buildQuery(request);
      const series = await options.api.queryRange({
        query,
        startMs: request.scope.startMs,
        endMs: request.scope.endMs,
        stepSeconds: request.scope.stepSeconds,
        signal: request.signal,
      });
      return { query, series };
    },
  };
}
