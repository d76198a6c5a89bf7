/** Metric providers for canary analysis: one contract, a factory, one folder per store. */
export type { MetricFetchRequest, MetricFetchResult, MetricProvider, MetricProviders, MetricQuery, MetricScope, MetricSeries } from './types';
export { MetricProviderError, type MetricErrorKind } from './errors';
export { createMetricProviders, defaultMetricProviders, metricsAccountSchema, type MetricsAccount, type MetricProvidersOptions } from './factory';
export { createPrometheusHttpApi, type PrometheusApi, type RangeQuery } from './prometheus/client';
export { buildPromQl, type PrometheusQuery } from './prometheus/query';
export type { SyntheticQuery } from './synthetic/provider';
