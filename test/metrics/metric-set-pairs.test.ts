import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeQueries } from '../../activities/canary/describe-queries';
import { fetchMetricSetPairs } from '../../activities/canary/fetch-metric-set-pairs';
import { pairSeries } from '../../activities/canary/pair-series';
import { createMetricProviders, MetricProviderError } from '../../activities/metrics';
import type { CanaryConfig } from '../../canary/config';

const series = (tags: Record<string, string>, values: number[]) => ({ tags, timestamps: values.map((_, i) => i * 1000), values });

describe('pairing series into metric set pairs', () => {
  it('one series per side is one pair (labels both share become its tags); NaN and ±Inf become null', () => {
    const pairs = pairSeries('latency', [series({ scope: 'b', job: 'x' }, [1, NaN, 3])], [series({ scope: 'c', job: 'x' }, [Infinity, 5])]);
    assert.deepEqual(pairs, [{ name: 'latency', tags: { job: 'x' }, values: { control: [1, null, 3], experiment: [null, 5] } }]);
  });

  it('several series are paired by equal tags; a side without the tag set gets an empty list', () => {
    const pairs = pairSeries(
      'errors',
      [series({ code: '500' }, [1]), series({ code: '404' }, [2])],
      [series({ code: '500' }, [3]), series({ code: '503' }, [4])],
    );
    assert.deepEqual(
      pairs.map((p) => [p.tags, p.values.control, p.values.experiment]),
      [
        [{ code: '404' }, [2], []],
        [{ code: '500' }, [1], [3]],
        [{ code: '503' }, [], [4]],
      ],
    );
  });

  it('no data on either side is still one (empty) pair, so the judge reports Nodata', () => {
    assert.deepEqual(pairSeries('m', [], []), [{ name: 'm', tags: {}, values: { control: [], experiment: [] } }]);
  });
});

describe('fetching every metric of a canary config', () => {
  const config = {
    name: 'cfg',
    metrics: [
      { name: 'latency', query: { type: 'synthetic', mean: 100, overrides: { canary: { mean: 200 } } }, scopeName: 'default' },
      { name: 'errors', query: { type: 'synthetic', distribution: 'constant', mean: 0 }, scopeName: 'api' },
    ],
  } as CanaryConfig;
  const window = (scope: string) => ({ scope, startMs: 0, endMs: 9_000, stepSeconds: 1 });
  const scopes = [
    { scopeName: 'default', control: window('baseline'), experiment: window('canary') },
    { scopeName: 'api', control: window('api-baseline'), experiment: window('api-canary') },
  ];

  it('reads control and experiment of each metric from its own scope, in config order, reporting progress', async () => {
    const progress: string[] = [];
    const { pairs, warnings } = await fetchMetricSetPairs({
      canaryConfig: config,
      scopes,
      providers: createMetricProviders([{ name: 'demo', type: 'synthetic' }]),
      onMetricFetched: (name, done, total) => progress.push(`${name} ${done}/${total}`),
    });
    assert.deepEqual(pairs.map((p) => p.name), ['latency', 'errors']);
    assert.equal(pairs[0].values.control.length, 10);
    (pairs[0].values.experiment as number[]).forEach((v, i) => assert.ok(Math.abs(v - (pairs[0].values.control[i] as number) - 100) < 40));
    assert.deepEqual(warnings, []);
    assert.equal(progress.length, 2);
  });

  it('warns about a side without data, naming the scope and the query', async () => {
    const providers = {
      accounts: () => [],
      resolve: () => ({ type: 'synthetic', accountName: 'x', buildQuery: () => 'q', fetch: async () => ({ query: 'q{scope="…"}', series: [] }) }),
    };
    const { warnings } = await fetchMetricSetPairs({ canaryConfig: { ...config, metrics: [config.metrics[0]] }, scopes, providers });
    assert.deepEqual(warnings, [
      `metric 'latency': no data for the control scope 'baseline' (q{scope="…"})`,
      `metric 'latency': no data for the experiment scope 'canary' (q{scope="…"})`,
    ]);
  });

  it('a metric naming a scope the stage does not define is a query error', async () => {
    await assert.rejects(
      fetchMetricSetPairs({ canaryConfig: config, scopes: [scopes[0]], providers: createMetricProviders([{ name: 'demo', type: 'synthetic' }]) }),
      (err: unknown) => err instanceof MetricProviderError && err.kind === 'query' && /metric 'errors' reads scope 'api', but the stage defines scopes: 'default'/.test(err.message),
    );
  });

  it('describes every query up front, without fetching: account, scope and the query each side runs', () => {
    const providers = createMetricProviders([
      { name: 'prom', type: 'prometheus', baseUrl: 'http://unused:9090', scopeLabel: 'app' },
      { name: 'demo', type: 'synthetic' },
    ]);
    const promConfig = { ...config, metrics: [{ name: 'cpu', query: { type: 'prometheus', metricName: 'cpu_seconds' } }, config.metrics[1]] } as CanaryConfig;
    assert.deepEqual(describeQueries(promConfig, scopes, undefined, providers), [
      { metric: 'cpu', scopeName: 'default', account: 'prom', control: 'avg(cpu_seconds{app="baseline"})', experiment: 'avg(cpu_seconds{app="canary"})' },
      {
        metric: 'errors',
        scopeName: 'api',
        account: 'demo',
        control: 'synthetic constant(mean 0, sd 10, seed 1) for scope api-baseline',
        experiment: 'synthetic constant(mean 0, sd 10, seed 1) for scope api-canary',
      },
    ]);
    assert.throws(() => describeQueries(promConfig, scopes, 'prom', providers), /'prom' is a prometheus account and cannot run a 'synthetic' query/);
  });
});
