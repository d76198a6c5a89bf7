import { MetricProviderError } from '../errors';
import type { MetricFetchRequest, MetricProvider } from '../types';
import { hashSeed, standardNormal, uniform } from './random';

/** How one scope's values are drawn. */
export interface SyntheticShape {
  /** Default `normal`; `uniform` has the same mean and sd; `constant` is always `mean`. */
  distribution?: 'normal' | 'uniform' | 'constant';
  /** Default 100. */
  mean?: number;
  /** Default 10. */
  sd?: number;
  /** Default 1. Scopes sharing a seed and shape get identical values. */
  seed?: number | string;
  /** Share of points reported as NaN (gaps), 0–1; default 0. */
  nanRate?: number;
}

/**
 * The `synthetic` query: `{type: "synthetic", distribution, mean, sd, seed, nanRate, overrides}`,
 * where `overrides` maps a scope name (e.g. the experiment's `myapp-canary`) to fields that replace
 * the defaults for that scope — so a test can make the canary's latency double. Point i of a window
 * is a pure function of the seed and i (not of the wall clock), so results depend only on the window
 * length and step: demos and tests are reproducible at any time of day.
 */
export interface SyntheticQuery extends SyntheticShape {
  type: 'synthetic';
  overrides?: Record<string, SyntheticShape>;
}

/** Prometheus' own cap on points per series. */
const MAX_POINTS = 11_000;

function finite(name: string, value: unknown, fallback: number, metricName: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new MetricProviderError(`metric '${metricName}': synthetic ${name} must be a number`, 'query');
  return value;
}

interface ResolvedShape {
  distribution: 'normal' | 'uniform' | 'constant';
  mean: number;
  sd: number;
  nanRate: number;
  seed: number | string;
}

/** The shape of one scope: the query's fields with the scope's overrides, checked. */
function resolveShape(request: MetricFetchRequest): ResolvedShape {
  const query = request.query as unknown as SyntheticQuery;
  const { scope, metricName } = request;
  const shape: SyntheticShape = { ...query, ...(query.overrides?.[scope.scope] ?? {}) };
  const distribution = shape.distribution ?? 'normal';
  if (!['normal', 'uniform', 'constant'].includes(distribution)) {
    throw new MetricProviderError(`metric '${metricName}': synthetic distribution '${distribution}' is not one of normal, uniform, constant`, 'query');
  }
  const mean = finite('mean', shape.mean, 100, metricName);
  const sd = finite('sd', shape.sd, 10, metricName);
  const nanRate = finite('nanRate', shape.nanRate, 0, metricName);
  if (sd < 0 || nanRate < 0 || nanRate > 1) throw new MetricProviderError(`metric '${metricName}': synthetic sd must be ≥ 0 and nanRate within 0–1`, 'query');
  if (!(scope.stepSeconds > 0)) throw new MetricProviderError(`metric '${metricName}': step must be positive`, 'query');
  return { distribution, mean, sd, nanRate, seed: shape.seed ?? 1 };
}

function describe(shape: ResolvedShape, scope: string): string {
  return `synthetic ${shape.distribution}(mean ${shape.mean}, sd ${shape.sd}, seed ${String(shape.seed)}) for scope ${scope}`;
}

/** A provider of seeded, reproducible series, for demos and tests that must not depend on time. */
export function createSyntheticProvider(options: { name: string }): MetricProvider {
  return {
    type: 'synthetic',
    accountName: options.name,
    buildQuery: (request) => describe(resolveShape(request), request.scope.scope),
    async fetch(request: MetricFetchRequest) {
      const shape = resolveShape(request);
      const { scope, metricName } = request;
      const stepMs = scope.stepSeconds * 1000;
      const count = scope.endMs < scope.startMs ? 0 : Math.floor((scope.endMs - scope.startMs) / stepMs) + 1;
      if (count > MAX_POINTS) throw new MetricProviderError(`metric '${metricName}': ${count} points exceed ${MAX_POINTS} per series; use a larger step`, 'query');

      const seed = hashSeed(shape.seed);
      const timestamps: number[] = [];
      const values: number[] = [];
      for (let i = 0; i < count; i++) {
        timestamps.push(scope.startMs + i * stepMs);
        if (shape.nanRate > 0 && uniform(seed, i, 2) < shape.nanRate) {
          values.push(NaN);
          continue;
        }
        const noise = shape.distribution === 'constant' ? 0 : shape.distribution === 'uniform' ? (uniform(seed, i, 3) - 0.5) * Math.sqrt(12) : standardNormal(seed, i);
        values.push(shape.mean + shape.sd * noise);
      }
      return { query: describe(shape, scope.scope), series: [{ tags: {}, timestamps, values }] };
    },
  };
}
