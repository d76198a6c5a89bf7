import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createMetricProviders } from '../../activities/metrics';
import { startMetricsApp, type MetricsApp } from '../fixtures/metrics-app/app';
import { startPrometheus, type PrometheusServer } from '../helpers/prometheus';
import { startTestWorker, type TestWorker } from '../helpers/worker';
import { canaryConfig, WINDOW } from './support/canary';
import { type ApiHarness, type JsonBody, startApi, uniqueName } from './support/harness';
import { createSpin, type Spin, type SpinResult } from './support/spin';

/** spin's retro flags for `control` vs `experiment` over [start, end] at one-second steps. */
function retroArgs(file: string, control: string, experiment: string, window: { start: string; end: string }, ...extra: string[]): string[] {
  return [
    'canary', 'canary-config', 'retro', '--file', file,
    '--control-group', control, '--control-location', 'local',
    '--experiment-group', experiment, '--experiment-location', 'local',
    '--start', window.start, '--end', window.end, '--step', '1',
    '--pass-score', '75', '--marginal-score', '50',
    ...extra,
  ];
}

function judgement(result: SpinResult): string | undefined {
  return /Retrospective canary execution finished, judgement = (\w+)/.exec(result.stdout + result.stderr)?.[1];
}

describe("spin canary canary-config … against the API, unchanged", () => {
  let metricsApp: MetricsApp;
  let prometheus: PrometheusServer;
  let worker: TestWorker;
  let api: ApiHarness;
  let spin: Spin;
  const app = uniqueName('spincanary');
  const configId = uniqueName('spin-latency');

  before(async () => {
    metricsApp = await startMetricsApp({ latencySeconds: { 'retro-baseline': 0.1, 'retro-canary': 0.1, 'retro-slow': 0.2 } });
    prometheus = await startPrometheus({ targets: [metricsApp.target] });
    worker = await startTestWorker({
      metrics: createMetricProviders([
        { name: 'synthetic', type: 'synthetic' },
        { name: 'prometheus-local', type: 'prometheus', baseUrl: prometheus.url, scopeLabel: 'scope' },
      ]),
    });
    api = await startApi({ taskQueue: worker.taskQueue });
    spin = createSpin(api.baseUrl);
  });
  after(async () => {
    spin?.cleanup();
    await api?.close();
    await worker?.shutdown();
    await prometheus?.stop();
    await metricsApp?.close();
  });

  test('save creates (GET 404, then POST), save again updates (GET 200, then PUT)', async () => {
    const file = spin.file('config.json', { ...canaryConfig('latency', [app]), id: configId });
    const created = await spin.run('canary', 'canary-config', 'save', '--file', file);
    assert.equal(created.code, 0, created.stderr + created.stdout);
    assert.match(created.stdout + created.stderr, /Canary config save succeeded/);

    spin.file('config.json', { ...canaryConfig('latency', [app]), id: configId, description: 'saved twice' });
    const updated = await spin.run('canary', 'canary-config', 'save', '--file', file);
    assert.equal(updated.code, 0, updated.stderr + updated.stdout);
    assert.equal((await api.request('GET', `/v2/canaryConfig/${configId}`)).body.description, 'saved twice');
  });

  test('get and list print the config and the index', async () => {
    const got = (await spin.json('canary', 'canary-config', 'get', '--id', configId)) as JsonBody;
    assert.equal(got.id, configId);
    assert.equal(got.description, 'saved twice');
    assert.deepEqual(got.kayentaOnlyField, { kept: true });

    const listed = (await spin.json('canary', 'canary-config', 'list', '--application', app)) as JsonBody[];
    assert.deepEqual(
      listed.map((c) => [c.id, c.name, c.applications]),
      [[configId, 'latency', [app]]],
    );
  });

  test('retro on synthetic metrics: PASS for equal scopes, FAIL when the canary is twice as slow', async () => {
    const equal = spin.file('equal.json', canaryConfig('latency', [app]));
    const slow = spin.file('slow.json', canaryConfig('latency', [app], { canaryMean: 200 }));
    const [passed, failed] = await Promise.all([
      spin.run(...retroArgs(equal, 'app-baseline', 'app-canary', WINDOW, '--full-result')),
      spin.run(...retroArgs(slow, 'app-baseline', 'app-canary', WINDOW)),
    ]);
    assert.equal(passed.code, 0, passed.stderr + passed.stdout);
    assert.equal(judgement(passed), 'PASS');
    const full = JSON.parse(passed.stdout.slice(passed.stdout.indexOf('{'))) as JsonBody;
    assert.equal(full.result.judgeResult.score.score, 100);
    assert.equal(full.result.judgeResult.results[0].controlMetadata.stats.count, 61);
    assert.equal(full.canaryExecutionRequest.thresholds.pass, 75);

    assert.equal(failed.code, 0, failed.stderr + failed.stdout);
    assert.equal(judgement(failed), 'FAIL');
  });

  test('retro on a real Prometheus: PASS for equal scopes, FAIL when the canary is twice as slow', async () => {
    // Ten seconds of one-second scrapes for every scope.
    await prometheus.waitFor('count_over_time(app_latency_seconds[1m])', (r) => r.length === 3 && r.every((s) => Number(s.value[1]) >= 12), 30_000);
    const end = Date.now() - 1000;
    const window = { start: new Date(end - 10_000).toISOString(), end: new Date(end).toISOString() };
    const config = spin.file('prometheus.json', {
      name: 'latency',
      applications: [app],
      metrics: [
        {
          name: 'latency',
          query: { type: 'prometheus', metricName: 'app_latency_seconds', labelBindings: ['job="metrics-app"'] },
          groups: ['performance'],
          analysisConfigurations: { canary: { direction: 'increase' } },
        },
      ],
      classifier: { groupWeights: { performance: 100 } },
    });
    const account = ['--metrics-account', 'prometheus-local'];
    const [passed, failed] = await Promise.all([
      spin.run(...retroArgs(config, 'retro-baseline', 'retro-canary', window, ...account)),
      spin.run(...retroArgs(config, 'retro-baseline', 'retro-slow', window, ...account, '--full-result')),
    ]);
    assert.equal(passed.code, 0, passed.stderr + passed.stdout);
    assert.equal(judgement(passed), 'PASS');
    assert.equal(failed.code, 0, failed.stderr + failed.stdout);
    assert.equal(judgement(failed), 'FAIL');
    const full = JSON.parse(failed.stdout.slice(failed.stdout.indexOf('{'))) as JsonBody;
    const metric = full.result.judgeResult.results[0];
    assert.equal(metric.classification, 'High');
    assert.ok(metric.controlMetadata.stats.count >= 10, `about one point per second, got ${metric.controlMetadata.stats.count}`);
    assert.equal(full.metricQueries[0].experiment, 'avg(app_latency_seconds{job="metrics-app",scope="retro-slow"})');
  });

  test('delete, then get fails', async () => {
    const deleted = await spin.run('canary', 'canary-config', 'delete', configId);
    assert.equal(deleted.code, 0, deleted.stderr + deleted.stdout);
    assert.match(deleted.stdout + deleted.stderr, new RegExp(`Canary config ${configId} deleted`));
    const gone = await spin.run('canary', 'canary-config', 'get', '--id', configId);
    assert.notEqual(gone.code, 0);
    assert.match(gone.stdout + gone.stderr, /404/);
    assert.deepEqual(await spin.json('canary', 'canary-config', 'list', '--application', app), []);
  });

  test('no request above logged an internal error', () => {
    assert.deepEqual(api.loggedErrors, []);
  });
});
