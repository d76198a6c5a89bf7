import type { Client } from '@temporalio/client';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { StageConfig } from '../../workflows/model/pipeline';
import type { CanaryIntervalRecord } from '../../workflows/stages/canary/interval-record';
import { startMetricsApp, type MetricsApp } from '../fixtures/metrics-app/app';
import { connectClient } from '../helpers/client';
import { startGateProxy } from '../helpers/gate-proxy';
import { pipelineConfig, result, stage, startPipeline, statuses, waitForExecution } from '../helpers/pipelines';
import { startPrometheus, type PrometheusServer } from '../helpers/prometheus';
import { startWorkerProcess } from '../helpers/worker-process';

let app: MetricsApp;
let prometheus: PrometheusServer;
let gate: Awaited<ReturnType<typeof startGateProxy>>;
let client: Client;

before(async () => {
  app = await startMetricsApp({ latencySeconds: { 'restart-baseline': 0.1, 'restart-canary': 0.1 } });
  prometheus = await startPrometheus({ targets: [app.target] });
  await prometheus.waitFor('app_latency_seconds', (r) => r.length === 2, 20_000);
  gate = await startGateProxy(prometheus.url);
  client = await connectClient();
});
after(async () => {
  await client?.connection.close();
  await gate?.stop();
  await prometheus?.stop();
  await app?.close();
});

const canary: StageConfig = {
  refId: 'canary',
  type: 'kayentaCanary',
  name: 'Canary',
  canaryConfig: {
    inlineConfig: {
      name: 'latency',
      metrics: [{ name: 'latency', query: { type: 'prometheus', metricName: 'app_latency_seconds' }, groups: ['performance'], analysisConfigurations: { canary: { direction: 'increase' } } }],
      classifier: { groupWeights: { performance: 100 } },
    },
    metricsAccountName: 'gated-prometheus',
    scopes: [{ controlScope: 'restart-baseline', experimentScope: 'restart-canary', step: 1 }],
    scoreThresholds: { pass: 75, marginal: 50 },
    lifetimeDuration: 'PT6S',
    canaryAnalysisIntervalMins: 3 / 60,
  },
};
const records = (e: Parameters<typeof stage>[0]) => (stage(e, 'canary').context.intervalStageResults ?? []) as CanaryIntervalRecord[];

describe('a canary survives a worker killed in the middle of the judge activity', () => {
  it('retries the interval on a new worker: no interval lost, none repeated', async () => {
    const taskQueue = `canary-judge-kill-${randomUUID()}`;
    const env = { GENNAKER_METRICS_ACCOUNTS: JSON.stringify([{ name: 'gated-prometheus', type: 'prometheus', baseUrl: gate.url, scopeLabel: 'scope' }]) };
    const first = await startWorkerProcess(taskQueue, undefined, env);
    const handle = await startPipeline(client, taskQueue, pipelineConfig([canary]));
    await waitForExecution(handle, (e) => records(e).length === 1, 30_000);
    // Hold Prometheus answers so the second interval's judge activity is in flight when the worker dies.
    gate.close();
    const heldBefore = gate.held;
    await waitForExecution(handle, () => gate.held > heldBefore, 30_000);
    await first.kill();
    gate.open();
    const second = await startWorkerProcess(taskQueue, undefined, env);
    try {
      const done = await result(handle);
      assert.deepEqual(statuses(done), { canary: 'SUCCEEDED' });
      assert.deepEqual(records(done).map((r) => r.name), ['Run Canary #1', 'Run Canary #2']);
      assert.deepEqual(stage(done, 'canary').outputs.canaryScores, [100, 100]);
    } finally {
      await second.stop();
    }
  });
});
