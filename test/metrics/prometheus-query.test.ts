import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MetricProviderError, buildPromQl, createPrometheusHttpApi, type PrometheusQuery } from '../../activities/metrics';
import type { MetricScope } from '../../activities/metrics/types';

const scope: MetricScope = { scope: 'myapp-v002', location: 'us-central1', startMs: 0, endMs: 60_000, stepSeconds: 60 };
const labels = { scopeLabel: 'instance' };
const build = (query: Partial<PrometheusQuery>, s: MetricScope = scope, templates?: Record<string, string>, l: { scopeLabel: string; locationLabel?: string } = labels) =>
  buildPromQl({ type: 'prometheus', ...query }, s, templates, l, 'cpu');

function queryError(fn: () => unknown, pattern: RegExp) {
  assert.throws(fn, (err: unknown) => err instanceof MetricProviderError && err.kind === 'query' && pattern.test(err.message));
}

describe('PromQL from Kayenta prometheus queries', () => {
  it('metricName with the default scope filter (account scopeLabel, optional location label)', () => {
    assert.equal(build({ metricName: 'cpu_usage' }), 'avg(cpu_usage{instance="myapp-v002"})');
    assert.equal(build({ metricName: 'cpu_usage', scopeLabel: 'app' }), 'avg(cpu_usage{app="myapp-v002"})');
    assert.equal(build({ metricName: 'cpu_usage' }, scope, undefined, { scopeLabel: 'pod', locationLabel: 'region' }), 'avg(cpu_usage{pod="myapp-v002",region="us-central1"})');
  });

  it('labelBindings come first; groupByFields adds "by"; label values are escaped', () => {
    assert.equal(build({ metricName: 'm', labelBindings: ['env="prod"'], groupByFields: ['zone', 'code'] }), 'avg(m{env="prod",instance="myapp-v002"}) by (zone,code)');
    assert.equal(build({ metricName: 'm' }, { ...scope, scope: 'a"b\\c' }), 'avg(m{instance="a\\"b\\\\c"})');
  });

  it("Kayenta's gce_instance and aws_ec2_instance resource types", () => {
    assert.equal(
      build({ metricName: 'm', resourceType: 'gce_instance' }, { ...scope, extendedScopeParams: { project: 'p1' } }),
      'avg(m{instance=~"myapp-v002-.{4}",zone=~".+/projects/p1/zones/us-central1-.{1}"})',
    );
    assert.equal(build({ metricName: 'm', resourceType: 'aws_ec2_instance' }), 'avg(m{asg_groupName="myapp-v002",zone=~"us-central1.{1}"})');
    queryError(() => build({ metricName: 'm', resourceType: 'aws_ec2_instance' }, { ...scope, location: undefined }), /location \(region\) is required/);
    queryError(() => build({ metricName: 'm', resourceType: 'k8s_pod' }), /resourceType 'k8s_pod' is not supported/);
  });

  it('a custom filter replaces the scope filter and precedes the label bindings', () => {
    assert.equal(
      build({ metricName: 'm', labelBindings: ['env="prod"'], customInlineTemplate: 'app="${scope}", region="${location}"' }),
      'avg(m{app="myapp-v002",region="us-central1",env="prod"})',
    );
    assert.equal(build({ metricName: 'm', customFilterTemplate: 't' }, scope, { t: 'group="${scope}"' }), 'avg(m{group="myapp-v002"})');
    // Kayenta stores templates with ${ escaped as $\{.
    assert.equal(build({ metricName: 'm', customFilterTemplate: 't' }, scope, { t: 'group="$\\{scope}"' }), 'avg(m{group="myapp-v002"})');
  });

  it('PromQL: templates and the promql shorthand are used verbatim after substitution', () => {
    assert.equal(build({ customInlineTemplate: 'PromQL:rate(x{s="${scope}"}[1m])' }), 'rate(x{s="myapp-v002"}[1m])');
    assert.equal(build({ promql: 'sum(rate(x{s="${scope}",k="${cluster}"}[1m]))' }, { ...scope, extendedScopeParams: { cluster: 'c1' } }), 'sum(rate(x{s="myapp-v002",k="c1"}[1m]))');
  });

  it('explains what is wrong with a query', () => {
    queryError(() => build({}), /needs metricName, a PromQL: custom template or promql/);
    queryError(() => build({ metricName: 'm', customFilterTemplate: 'missing' }, scope, { t: 'x' }), /template 'missing' is not defined .*defined: t/);
    queryError(() => build({ promql: 'x{a="${nope}"}' }), /variable 'nope' is not bound \(available: scope, location\)/);
    queryError(() => build({ promql: 'x{a="${scope?upper_case}"}' }), /not supported/);
    queryError(() => build({ metricName: 'm', labelBindings: 'env="prod"' as never }), /labelBindings must be a list of strings/);
  });
});

describe('Prometheus HTTP client (recorded answers)', () => {
  const answer = (status: number, body: unknown) => (async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status })) as typeof fetch;
  const range = { query: 'up', startMs: 1_000, endMs: 3_000, stepSeconds: 1 };

  it('reads a matrix: seconds → milliseconds, NaN and ±Inf, __name__ dropped from the tags', async () => {
    const api = createPrometheusHttpApi({
      baseUrl: 'http://prom/',
      fetch: answer(200, {
        status: 'success',
        data: { resultType: 'matrix', result: [{ metric: { __name__: 'up', job: 'a' }, values: [[1, '1'], [2, 'NaN'], [3.5, '+Inf'], [4, '-Inf']] }] },
      }),
    });
    const [series] = await api.queryRange(range);
    assert.deepEqual(series.tags, { job: 'a' });
    assert.deepEqual(series.timestamps, [1000, 2000, 3500, 4000]);
    assert.deepEqual(series.values, [1, NaN, Infinity, -Infinity]);
  });

  it('sends a form POST to /api/v1/query_range with seconds', async () => {
    let seen: { url: string; body: string } | undefined;
    const api = createPrometheusHttpApi({
      baseUrl: 'http://prom/prefix/',
      headers: { Authorization: 'Bearer t' },
      fetch: (async (url: string, init: RequestInit) => {
        seen = { url, body: String(init.body) };
        assert.equal((init.headers as Record<string, string>).Authorization, 'Bearer t');
        return new Response(JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [] } }));
      }) as unknown as typeof fetch,
    });
    await api.queryRange({ ...range, startMs: 1_500 });
    assert.equal(seen?.url, 'http://prom/prefix/api/v1/query_range');
    assert.deepEqual(Object.fromEntries(new URLSearchParams(seen!.body)), { query: 'up', start: '1.500', end: '3.000', step: '1' });
  });

  it('classifies failures: 422 is the query, 503 and garbage bodies from a 502 are transient, 401 is configuration', async () => {
    const kindOf = async (status: number, body: unknown) => {
      const err = await createPrometheusHttpApi({ baseUrl: 'http://prom', fetch: answer(status, body) }).queryRange(range).then(() => undefined, (e: MetricProviderError) => e);
      return [err?.kind, err?.message];
    };
    const [k422, m422] = await kindOf(422, { status: 'error', errorType: 'execution', error: 'too many samples' });
    assert.equal(k422, 'query');
    assert.match(String(m422), /HTTP 422, execution: too many samples/);
    assert.equal((await kindOf(503, { status: 'error', errorType: 'timeout', error: 'query timed out' }))[0], 'unavailable');
    assert.equal((await kindOf(502, '<html>bad gateway</html>'))[0], 'unavailable');
    assert.equal((await kindOf(401, 'unauthorized'))[0], 'config');
    const [kVector] = await kindOf(200, { status: 'success', data: { resultType: 'vector', result: [] } });
    assert.equal(kVector, 'query');
  });
});
