import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMetricProviders, defaultMetricProviders, MetricProviderError, type MetricScope } from '../../activities/metrics';

const synthetic = defaultMetricProviders().resolve(undefined, 'synthetic');
const window = (scope: string, startMs = 1_000_000, seconds = 60): MetricScope => ({ scope, startMs, endMs: startMs + seconds * 1000, stepSeconds: 1 });
const read = (query: Record<string, unknown>, scope: MetricScope) => synthetic.fetch({ metricName: 'latency', query: { type: 'synthetic', ...query }, scope });
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1));

describe('synthetic provider', () => {
  it('one point per step over the window, inclusive, Prometheus-style', async () => {
    const { series } = await read({}, window('a', 5_000, 10));
    assert.equal(series.length, 1);
    assert.equal(series[0].values.length, 11);
    assert.deepEqual(series[0].timestamps.slice(0, 3), [5_000, 6_000, 7_000]);
  });

  it('is reproducible: depends on seed and position in the window, not on the clock or the scope name', async () => {
    const a = await read({ seed: 7 }, window('baseline', 1_000));
    const b = await read({ seed: 7 }, window('canary', 9_999_000));
    assert.deepEqual(a.series[0].values, b.series[0].values);
    const c = await read({ seed: 8 }, window('baseline', 1_000));
    assert.notDeepEqual(a.series[0].values, c.series[0].values);
  });

  it('normal(mean, sd) by default; uniform has the same mean and sd; constant is flat', async () => {
    const normal = (await read({ mean: 200, sd: 20 }, window('x', 0, 3000))).series[0].values;
    assert.ok(Math.abs(mean(normal) - 200) < 2 && Math.abs(sd(normal) - 20) < 2, `${mean(normal)} ± ${sd(normal)}`);
    const uniform = (await read({ distribution: 'uniform', mean: 50, sd: 5 }, window('x', 0, 3000))).series[0].values;
    assert.ok(Math.abs(mean(uniform) - 50) < 0.5 && Math.abs(sd(uniform) - 5) < 0.5);
    assert.ok(Math.min(...uniform) >= 50 - 5 * Math.sqrt(3) && Math.max(...uniform) <= 50 + 5 * Math.sqrt(3));
    assert.deepEqual(new Set((await read({ distribution: 'constant', mean: 3 }, window('x'))).series[0].values), new Set([3]));
  });

  it('overrides by scope name: the canary can be made twice as slow, point by point', async () => {
    const query = { mean: 100, sd: 10, overrides: { 'app-canary': { mean: 200, sd: 20 } } };
    const baseline = (await read(query, window('app-baseline'))).series[0].values;
    const canary = (await read(query, window('app-canary'))).series[0].values;
    canary.forEach((v, i) => assert.ok(Math.abs(v - 2 * baseline[i]) < 1e-9));
  });

  it('nanRate reports gaps as NaN', async () => {
    const values = (await read({ nanRate: 0.3 }, window('x', 0, 1000))).series[0].values;
    const gaps = values.filter(Number.isNaN).length / values.length;
    assert.ok(gaps > 0.25 && gaps < 0.35, String(gaps));
  });

  it('rejects bad shapes as query errors', async () => {
    for (const [query, pattern] of [
      [{ distribution: 'poisson' }, /not one of normal, uniform, constant/],
      [{ mean: 'fast' }, /mean must be a number/],
      [{ sd: -1 }, /sd must be ≥ 0/],
    ] as const) {
      await assert.rejects(read(query, window('x')), (err: unknown) => err instanceof MetricProviderError && err.kind === 'query' && pattern.test(err.message));
    }
    await assert.rejects(read({}, { ...window('x', 0, 20_000), stepSeconds: 1 }), /20001 points exceed 11000 per series/);
  });
});

describe('metric provider factory', () => {
  const providers = createMetricProviders([
    { name: 'prom-a', type: 'prometheus', baseUrl: 'http://a:9090' },
    { name: 'prom-b', type: 'prometheus', baseUrl: 'http://b:9090' },
    { name: 'demo', type: 'synthetic' },
  ]);

  it('resolves by account name, else the first account of the query type', () => {
    assert.equal(providers.resolve('prom-b', 'prometheus').accountName, 'prom-b');
    assert.equal(providers.resolve(undefined, 'prometheus').accountName, 'prom-a');
    assert.equal(providers.resolve(undefined, 'synthetic').accountName, 'demo');
    assert.deepEqual(providers.accounts().map((a) => a.name), ['prom-a', 'prom-b', 'demo']);
  });

  it('explains unknown accounts and type mismatches as configuration errors', () => {
    const configError = (fn: () => unknown, pattern: RegExp) =>
      assert.throws(fn, (err: unknown) => err instanceof MetricProviderError && err.kind === 'config' && pattern.test(err.message));
    configError(() => providers.resolve('nope', 'prometheus'), /'nope' is not configured \(configured: prom-a \(prometheus\), prom-b \(prometheus\), demo \(synthetic\)\)/);
    configError(() => providers.resolve('demo', 'prometheus'), /synthetic account and cannot run a 'prometheus' query/);
    configError(() => providers.resolve(undefined, 'stackdriver'), /no metrics account answers 'stackdriver' queries/);
    assert.throws(() => createMetricProviders([{ name: 'x', type: 'synthetic' }, { name: 'x', type: 'synthetic' }]), /configured twice/);
  });
});
