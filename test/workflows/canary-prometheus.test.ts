import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMetricProviders } from '../../activities/metrics';
import type { StageConfig } from '../../workflows/model/pipeline';
import type { CanaryIntervalRecord } from '../../workflows/stages/canary/interval-record';
import { startMetricsApp, type MetricsApp } from '../fixtures/metrics-app/app';
import { pipelineConfig, result, stage, startPipeline, statuses } from '../helpers/pipelines';
import { startPrometheus, type PrometheusServer } from '../helpers/prometheus';
import { startTestWorker, type TestWorker } from '../helpers/worker';

let app: MetricsApp;
let prometheus: PrometheusServer;
let worker: TestWorker;

before(async () => {
  app = await startMetricsApp({ latencySeconds: { 'pass-baseline': 0.1, 'pass-canary': 0.1, 'fail-baseline': 0.1, 'fail-canary': 0.2 } });
  prometheus = await startPrometheus({ targets: [app.target] });
  worker = await startTestWorker({
    metrics: createMetricProviders([{ name: 'prometheus-local', type: 'prometheus', baseUrl: prometheus.url, scopeLabel: 'scope' }]),
  });
  // Windows start when the stage starts; they only need one scrape before that to read from.
  await prometheus.waitFor('app_latency_seconds', (r) => r.length === 4, 20_000);
});
after(async () => {
  await worker?.shutdown();
  await prometheus?.stop();
  await app?.close();
});

/** A canary reading `app_latency_seconds` of `<prefix>-baseline` vs `<prefix>-canary` from Prometheus every second. */
function canaryStage(prefix: string, lifetimeSeconds: number, intervalSeconds: number): StageConfig {
  return {
    refId: 'canary',
    type: 'kayentaCanary',
    name: `Canary ${prefix}`,
    canaryConfig: {
      inlineConfig: {
        name: 'latency',
        metrics: [
          {
            name: 'latency',
            query: { type: 'prometheus', metricName: 'app_latency_seconds', labelBindings: ['job="metrics-app"'] },
            groups: ['performance'],
            analysisConfigurations: { canary: { direction: 'increase' } },
          },
        ],
        classifier: { groupWeights: { performance: 100 } },
      },
      metricsAccountName: 'prometheus-local',
      scopes: [{ controlScope: `${prefix}-baseline`, experimentScope: `${prefix}-canary`, step: 1 }],
      scoreThresholds: { pass: 75, marginal: 50 },
      lifetimeDuration: `PT${lifetimeSeconds}S`,
      canaryAnalysisIntervalMins: intervalSeconds / 60,
    },
  };
}
const next: StageConfig = { refId: 'next', type: 'wait', name: 'promote', waitTime: 0, requisiteStageRefIds: ['canary'] };
const records = (e: Parameters<typeof stage>[0]) => stage(e, 'canary').context.intervalStageResults as CanaryIntervalRecord[];

describe('kayentaCanary stage against a real Prometheus', () => {
  it('passes on equal latencies and fails early when the canary is twice as slow', async () => {
    const [passed, failed] = await Promise.all(
      [canaryStage('pass', 8, 4), canaryStage('fail', 12, 6)].map((s) => startPipeline(worker.client, worker.taskQueue, pipelineConfig([s, next])).then(result)),
    );

    assert.deepEqual(statuses(passed), { canary: 'SUCCEEDED', next: 'SUCCEEDED' });
    assert.deepEqual(stage(passed, 'canary').outputs.canaryScores, [100, 100]);
    const [queries] = stage(passed, 'canary').context.metricQueries as { control: string; experiment: string }[];
    assert.equal(queries.control, 'avg(app_latency_seconds{job="metrics-app",scope="pass-baseline"})');
    assert.equal(queries.experiment, 'avg(app_latency_seconds{job="metrics-app",scope="pass-canary"})');
    const [first, second] = records(passed);
    assert.equal(first.judgeResult!.results[0].classification, 'Pass');
    assert.ok(first.judgeResult!.results[0].controlMetadata.stats.count >= 4, 'about one point per second of the 4 s window');
    assert.ok(second.judgeResult!.results[0].controlMetadata.stats.count > first.judgeResult!.results[0].controlMetadata.stats.count);
    assert.ok(first.warnings.some((w) => /fewer than 50 baseline data points/.test(w)), "Orca's short-series warning");

    assert.deepEqual(statuses(failed), { canary: 'TERMINAL', next: 'NOT_STARTED' });
    const canary = stage(failed, 'canary');
    assert.deepEqual(canary.outputs.canaryScores, [0]);
    assert.match(canary.exception!.details.error, /^Canary interval 1\/2 scored 0, not above the marginal score threshold/);
    const metric = records(failed)[0].judgeResult!.results[0];
    assert.equal(metric.classification, 'High');
    assert.ok(metric.resultMetadata.ratio! > 1.8 && metric.resultMetadata.ratio! < 2.2, `mean ratio ${metric.resultMetadata.ratio}`);
  });
});
