/**
 * The contract every metrics store implements for canary analysis (Kayenta's `MetricsService`):
 * one metric, one scope, one time window → the series the store holds for it.
 */

/** A metric's provider-specific query: Kayenta's `CanaryMetricSetQueryConfig`, tagged by `type`. */
export interface MetricQuery {
  type: string;
  [field: string]: unknown;
}

/** Which instances to read (one side of a canary: the control or the experiment) and when. */
export interface MetricScope {
  /** The scope, e.g. a server group name or a label value (`controlScope` / `experimentScope`). */
  scope: string;
  /** `controlLocation` / `experimentLocation`, e.g. a region or namespace. */
  location?: string;
  /** Window start, epoch milliseconds (inclusive). */
  startMs: number;
  /** Window end, epoch milliseconds (inclusive). */
  endMs: number;
  /** Resolution in seconds (Kayenta's `step`, default 60). */
  stepSeconds: number;
  /** Free-form bindings for query templates (Kayenta's `extendedScopeParams`). */
  extendedScopeParams?: Record<string, string>;
}

/** One metric of one scope. */
export interface MetricFetchRequest {
  /** The canary metric's `name`, for messages. */
  metricName: string;
  query: MetricQuery;
  scope: MetricScope;
  /** The canary config's named `templates` (for `customFilterTemplate`). */
  templates?: Record<string, string>;
  signal?: AbortSignal;
}

/** One series: points in time order. `values` may contain NaN (a gap the store reported). */
export interface MetricSeries {
  /** Labels that tell the series of one query apart (empty for a single aggregated series). */
  tags: Record<string, string>;
  /** Epoch milliseconds, one per value. */
  timestamps: number[];
  values: number[];
}

/** What a provider answers: the query it ran (for explanations) and zero or more series. */
export interface MetricFetchResult {
  query: string;
  series: MetricSeries[];
}

/** A metrics store account able to answer canary queries. */
export interface MetricProvider {
  /** The query `type` it answers (`prometheus`, `synthetic`, …). */
  readonly type: string;
  /** The metrics account name (`metricsAccountName` in a canary stage). */
  readonly accountName: string;
  /**
   * The query this provider would run, without running it (Kayenta's `buildQuery`): lets a stage
   * check every query when it starts instead of at its first interval.
   * @throws MetricProviderError (`query`) when the query cannot be built.
   */
  buildQuery(request: MetricFetchRequest): string;
  fetch(request: MetricFetchRequest): Promise<MetricFetchResult>;
}

/** Every configured metrics account; what the canary activities receive. */
export interface MetricProviders {
  /**
   * The account to query: the one named `accountName` when given, else the first account of the
   * query's type (Kayenta's default-account rule).
   * @throws MetricProviderError (`config`) when there is none, or it cannot answer that type.
   */
  resolve(accountName: string | undefined, queryType: string): MetricProvider;
  /** The configured accounts, for messages and listings. */
  accounts(): { name: string; type: string }[];
}
