import { z } from 'zod';
import { MetricProviderError } from './errors';
import { createPrometheusHttpApi, type PrometheusApi } from './prometheus/client';
import { createPrometheusProvider } from './prometheus/provider';
import { createSyntheticProvider } from './synthetic/provider';
import type { MetricProvider, MetricProviders } from './types';

/**
 * A configured metrics account (Kayenta's `METRICS_STORE` accounts). The worker parses a list of
 * these from its configuration, e.g. JSON in an environment variable.
 */
export const metricsAccountSchema = z.discriminatedUnion('type', [
  z.object({
    name: z.string().min(1),
    type: z.literal('prometheus'),
    baseUrl: z.string().url(),
    /** Label matched against a scope when a query has no custom filter (default `instance`). */
    scopeLabel: z.string().min(1).optional(),
    /** Label matched against a location; none by default. */
    locationLabel: z.string().min(1).optional(),
    headers: z.record(z.string()).optional(),
    timeoutMs: z.number().int().positive().optional(),
  }),
  z.object({ name: z.string().min(1), type: z.literal('synthetic') }),
]);
export type MetricsAccount = z.infer<typeof metricsAccountSchema>;

/** Test seams: a recorded Prometheus API instead of HTTP, or another fetch. */
export interface MetricProvidersOptions {
  prometheusApi?: (account: Extract<MetricsAccount, { type: 'prometheus' }>) => PrometheusApi;
  fetch?: typeof fetch;
}

function createProvider(account: MetricsAccount, options: MetricProvidersOptions): MetricProvider {
  switch (account.type) {
    case 'prometheus': {
      const api = options.prometheusApi?.(account) ?? createPrometheusHttpApi({ ...account, fetch: options.fetch });
      return createPrometheusProvider({ name: account.name, api, scopeLabel: account.scopeLabel, locationLabel: account.locationLabel });
    }
    case 'synthetic':
      return createSyntheticProvider({ name: account.name });
  }
}

/**
 * Builds one provider per account. Account names must be unique.
 * @throws Error on a duplicate name.
 */
export function createMetricProviders(accounts: MetricsAccount[], options: MetricProvidersOptions = {}): MetricProviders {
  const byName = new Map<string, MetricProvider>();
  for (const account of accounts) {
    if (byName.has(account.name)) throw new Error(`metrics account '${account.name}' is configured twice`);
    byName.set(account.name, createProvider(account, options));
  }
  const list = () => [...byName.values()].map((p) => ({ name: p.accountName, type: p.type }));
  const describe = () => list().map((a) => `${a.name} (${a.type})`).join(', ') || 'none';
  return {
    resolve(accountName, queryType) {
      if (accountName) {
        const provider = byName.get(accountName);
        if (!provider) throw new MetricProviderError(`metrics account '${accountName}' is not configured (configured: ${describe()})`, 'config');
        if (provider.type !== queryType) {
          throw new MetricProviderError(`metrics account '${accountName}' is a ${provider.type} account and cannot run a '${queryType}' query`, 'config');
        }
        return provider;
      }
      const provider = [...byName.values()].find((p) => p.type === queryType);
      if (!provider) throw new MetricProviderError(`no metrics account answers '${queryType}' queries (configured: ${describe()})`, 'config');
      return provider;
    },
    accounts: list,
  };
}

/** What a worker gets when it configures no metrics account: the synthetic provider only. */
export function defaultMetricProviders(): MetricProviders {
  return createMetricProviders([{ name: 'synthetic', type: 'synthetic' }]);
}
