import { toWellFormedJson } from '../../../workflows/model/well-formed';
import { MetricProviderError } from '../errors';
import type { MetricSeries } from '../types';

/** A range query: PromQL over `[startMs, endMs]` every `stepSeconds`. */
export interface RangeQuery {
  query: string;
  startMs: number;
  endMs: number;
  stepSeconds: number;
  signal?: AbortSignal;
}

/**
 * The narrow Prometheus API the provider needs. The HTTP implementation talks to a real server;
 * a test may pass a recorded one.
 */
export interface PrometheusApi {
  /** `/api/v1/query_range`: one series per label set of the result matrix. */
  queryRange(request: RangeQuery): Promise<MetricSeries[]>;
}

/** Where and how to reach a Prometheus server. */
export interface PrometheusHttpOptions {
  /** Base URL, e.g. `http://prometheus:9090` (a path prefix such as `/prometheus` is kept). */
  baseUrl: string;
  /** Extra request headers, e.g. `Authorization`. */
  headers?: Record<string, string>;
  /** Per-request timeout; default 30 s. */
  timeoutMs?: number;
  /** The fetch implementation; default the global one. */
  fetch?: typeof fetch;
}

interface PrometheusBody {
  status?: string;
  errorType?: string;
  error?: string;
  data?: { resultType?: string; result?: { metric?: Record<string, string>; values?: [number, string][] }[] };
}

/** Prometheus writes special floats as strings Number() does not read. */
function sampleValue(text: string): number {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function failureKind(status: number): 'query' | 'config' | 'unavailable' {
  // 400 bad_data and 422 execution errors are the query's fault; 5xx and 429 are transient.
  if (status === 400 || status === 422) return 'query';
  if (status >= 500 || status === 429 || status === 408) return 'unavailable';
  return 'config';
}

/** The Prometheus HTTP API client (`POST /api/v1/query_range` with a form body). */
export function createPrometheusHttpApi(options: PrometheusHttpOptions): PrometheusApi {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;
  return {
    async queryRange(request) {
      const url = `${base}/api/v1/query_range`;
      const form = new URLSearchParams({
        query: request.query,
        start: seconds(request.startMs),
        end: seconds(request.endMs),
        step: String(request.stepSeconds),
      });
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
      let response: Response;
      let text: string;
      try {
        response = await doFetch(url, {
          method: 'POST',
          headers: { ...options.headers, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
          body: form.toString(),
          signal,
        });
        text = await response.text();
      } catch (err) {
        const reason = timeout.aborted ? `no answer within ${timeoutMs} ms` : (err as Error).message;
        throw new MetricProviderError(`Prometheus at ${base} is unreachable: ${reason}`, 'unavailable');
      }
      let body: PrometheusBody | undefined;
      try {
        body = JSON.parse(text) as PrometheusBody;
      } catch {
        body = undefined;
      }
      if (!response.ok || body?.status !== 'success') {
        const detail = body?.error ? `${body.errorType ?? 'error'}: ${body.error}` : text.slice(0, 200) || response.statusText;
        throw new MetricProviderError(
          `Prometheus query failed (HTTP ${response.status}, ${detail}) for query ${request.query}`,
          response.ok ? 'query' : failureKind(response.status),
        );
      }
      if (body.data?.resultType !== 'matrix') {
        throw new MetricProviderError(`Prometheus answered a ${body.data?.resultType ?? 'missing'} result to a range query (expected a matrix): ${request.query}`, 'query');
      }
      return (body.data.result ?? []).map((entry) => {
        const { __name__: _name, ...tags } = entry.metric ?? {};
        const values = entry.values ?? [];
        return {
          // Label values are external text that may end up in the judge's result.
          tags: toWellFormedJson(tags),
          timestamps: values.map(([t]) => Math.round(t * 1000)),
          values: values.map(([, v]) => sampleValue(v)),
        };
      });
    },
  };
}
