import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMetricProviders, MetricProviderError, type MetricProvider, type MetricQuery, type MetricScope } from '../../activities/metrics';
import { startMetricsApp, type MetricsApp } from '../fixtures/metrics-app/app';
import { startPrometheus, type PrometheusServer } from '../helpers/prometheus';

let app: MetricsApp;
let prometheus: PrometheusServer;
let provider: MetricProvider;

before(async () => {
  app = await startMetricsApp({ latencySeconds: { baseline: 0.1, canary: 0.2 } });
  prometheus = await startPrometheus({ targets: [app.target] });
  provider = createMetricProviders([{ name: 'prom', type: 'prometheus', baseUrl: prometheus.url, scopeLabel: 'scope' }]).resolve('prom', 'prometheus');
  // Eight scrapes per scope give every test a full window of data.
  await prometheus.waitFor('count_over_time(app_latency_seconds[1m])', (r) => r.length === 2 && r.every((s) => Number(s.value[1]) >= 8), 30_000);
});
after(async () => {
  await prometheus?.stop();
  await app?.close();
});

/** The last `seconds` of data of one scope, at 1 s resolution. */
function lastSeconds(scope: string, seconds = 6): MetricScope {
  const endMs = Date.now();
  return { scope, startMs: endMs - seconds * 1000, endMs, stepSeconds: 1 };
}

const fetchOne = (query: Record<string, unknown>, scope: MetricScope, templates?: Record<string, string>) =>
  provider.fetch({ metricName: 'latency', query: { type: 'prometheus', ...query } as MetricQuery, scope, templates });

async function rejects(promise: Promise<unknown>, kind: string, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof MetricProviderError, `expected a MetricProviderError, got ${String(err)}`);
    assert.equal(err.kind, kind);
    assert.match(err.message, pattern);
    return true;
  });
}

describe('Prometheus provider against a real Prometheus', () => {
  it("Kayenta's metricName + labelBindings shape: avg() over the scope's series, one value per step", async () => {
    const scope = lastSeconds('baseline');
    const { query, series } = await fetchOne({ metricName: 'app_latency_seconds', labelBindings: ['job="metrics-app"'] }, scope);
    assert.equal(query, 'avg(app_latency_seconds{job="metrics-app",scope="baseline"})');
    assert.equal(series.length, 1);
    assert.deepEqual(series[0].tags, {});
    const { timestamps, values } = series[0];
    assert.ok(values.length >= 6, `${values.length} points`);
    assert.ok(timestamps.every((t, i) => i === 0 || t - timestamps[i - 1] === 1000), 'one point per 1 s step');
    assert.ok(timestamps[0] >= Math.floor(scope.startMs / 1000) * 1000 && timestamps.at(-1)! <= scope.endMs);
    assert.ok(values.every((v) => v >= 0.095 && v <= 0.105), `baseline around 0.1: ${values}`);
  });

  it('the canary scope reads its own series (twice the latency, same scrape noise)', async () => {
    const [baseline, canary] = await Promise.all([
      fetchOne({ metricName: 'app_latency_seconds' }, lastSeconds('baseline')),
      fetchOne({ metricName: 'app_latency_seconds' }, lastSeconds('canary')),
    ]);
    const b = baseline.series[0].values;
    const c = canary.series[0].values;
    assert.ok(c.every((v) => v >= 0.19 && v <= 0.21), `canary around 0.2: ${c}`);
    assert.ok(Math.min(...c) > Math.max(...b));
  });

  it('a PromQL: custom inline template is the whole query, with ${scope} substituted', async () => {
    const promql = 'PromQL:histogram_quantile(0.5, sum by (le) (rate(app_request_duration_seconds_bucket{scope="${scope}"}[5s])))';
    const { query, series } = await fetchOne({ customInlineTemplate: promql }, lastSeconds('canary'));
    assert.equal(query, 'histogram_quantile(0.5, sum by (le) (rate(app_request_duration_seconds_bucket{scope="canary"}[5s])))');
    const finite = series[0].values.filter(Number.isFinite);
    assert.ok(finite.length >= 4);
    // Requests are uniform in 0.2 × [0.5, 1.5]: the median lies near 0.2.
    assert.ok(finite.every((v) => v > 0.1 && v < 0.3), `median ${finite}`);
  });

  it("a customFilterTemplate from the config's templates filters the metric; groupByFields keeps labels", async () => {
    const templates = { both: 'scope=~"${scope}|${other}"' };
    const scope = { ...lastSeconds('baseline'), extendedScopeParams: { other: 'canary' } };
    const { query, series } = await fetchOne({ metricName: 'app_latency_seconds', customFilterTemplate: 'both', groupByFields: ['scope'] }, scope, templates);
    assert.equal(query, 'avg(app_latency_seconds{scope=~"baseline|canary"}) by (scope)');
    assert.deepEqual(series.map((s) => s.tags.scope).sort(), ['baseline', 'canary']);
  });

  it('the Gennaker promql shorthand and ${location}', async () => {
    const { query, series } = await fetchOne({ promql: 'app_latency_seconds{scope="${scope}", job="${location}"} * 1000' }, { ...lastSeconds('baseline'), location: 'metrics-app' });
    assert.equal(query, 'app_latency_seconds{scope="baseline", job="metrics-app"} * 1000');
    assert.equal(series.length, 1);
    assert.equal(series[0].tags.scope, 'baseline');
    assert.ok(series[0].values.every((v) => v > 90 && v < 110));
  });

  it('a scope without data gives no series, not an error', async () => {
    const { series } = await fetchOne({ metricName: 'app_latency_seconds' }, lastSeconds('nobody'));
    assert.deepEqual(series, []);
  });

  it("bad PromQL fails as a query error carrying Prometheus' message", async () => {
    await rejects(fetchOne({ promql: 'sum(app_latency_seconds' }, lastSeconds('baseline')), 'query', /HTTP 400, bad_data: .*parse error/);
  });

  it('a wrong base path is a configuration error; an unreachable server is worth retrying', async () => {
    const wrongPath = createMetricProviders([{ name: 'p', type: 'prometheus', baseUrl: `${prometheus.url}/nope` }]).resolve('p', 'prometheus');
    await rejects(wrongPath.fetch({ metricName: 'm', query: { type: 'prometheus', metricName: 'up' }, scope: lastSeconds('x') }), 'config', /HTTP 404/);
    const down = createMetricProviders([{ name: 'p', type: 'prometheus', baseUrl: 'http://127.0.0.1:9' }]).resolve('p', 'prometheus');
    await rejects(down.fetch({ metricName: 'm', query: { type: 'prometheus', metricName: 'up' }, scope: lastSeconds('x') }), 'unavailable', /unreachable/);
  });
});
