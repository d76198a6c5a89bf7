import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import type { CanaryScopePair } from '../../activities/canary/types';
import type { CanaryConfig } from '../../canary/config';
import { createCanaryConfigStore } from '../../prisma/canary-config-store';
import { createPrismaClient, type PrismaClient } from '../../prisma/client';
import { CANARY_EXECUTION_WORKFLOW_TYPE, type CanaryExecutionInput, type CanaryExecutionResult } from '../../workflows/model/canary-execution';
import { testEnv } from '../helpers/env';
import { pipelineConfig, result, stage, startPipeline, statuses } from '../helpers/pipelines';
import { startTestWorker, type TestWorker } from '../helpers/worker';

let worker: TestWorker;
let prisma: PrismaClient;
before(async () => {
  worker = await startTestWorker();
  prisma = createPrismaClient(testEnv().databaseUrl, { maxConnections: 2 });
});
after(async () => {
  await worker?.shutdown();
  await prisma?.$disconnect();
});

function latencyConfig(canaryMean: number, judge = 'NetflixACAJudge-v1.0'): CanaryConfig {
  return {
    name: `latency-${randomUUID().slice(0, 8)}`,
    applications: ['canarytest'],
    judge: { name: judge },
    metrics: [
      {
        name: 'latency',
        query: { type: 'synthetic', mean: 100, sd: 10, seed: 'latency', overrides: { 'app-canary': { mean: canaryMean, sd: canaryMean / 10 } } },
        groups: ['performance'],
        analysisConfigurations: { canary: { direction: 'increase' } },
      },
    ],
    classifier: { groupWeights: { performance: 100 } },
  } as CanaryConfig;
}

/** Two minutes at one-second steps: 121 points per side. */
const START = Date.parse('2026-01-01T00:00:00Z');
const scopes: CanaryScopePair[] = [
  {
    scopeName: 'default',
    control: { scope: 'app-baseline', startMs: START, endMs: START + 120_000, stepSeconds: 1 },
    experiment: { scope: 'app-canary', startMs: START, endMs: START + 120_000, stepSeconds: 1 },
  },
];

function run(canaryConfig: CanaryConfig, extra: Partial<CanaryExecutionInput> = {}) {
  const input: CanaryExecutionInput = { canaryConfig, scopes, scoreThresholds: { pass: 75, marginal: 50 }, executionRequest: {}, buildTime: Date.now(), ...extra };
  return worker.client.workflow.start(CANARY_EXECUTION_WORKFLOW_TYPE, { taskQueue: worker.taskQueue, workflowId: `canary-${randomUUID()}`, args: [input] });
}

/** Arrays of numbers longer than `n` anywhere in a value (a raw series here has 121). */
function longNumberArrays(value: unknown, n: number): number {
  if (Array.isArray(value)) return (value.length > n && value.every((v) => typeof v === 'number' || v === null) ? 1 : 0) + value.reduce((s: number, v) => s + longNumberArrays(v, n), 0);
  if (value && typeof value === 'object') return Object.values(value).reduce((s: number, v) => s + longNumberArrays(v, n), 0);
  return 0;
}

describe('canaryExecutionWorkflow (one-off canary)', () => {
  it('judges the windows once and returns the compact verdict; no raw series enter history', async () => {
    const handle = await run(latencyConfig(100));
    const done = (await handle.result()) as CanaryExecutionResult;
    assert.equal(done.judgeResult.score.classification, 'Pass');
    assert.equal(done.judgeResult.results[0].controlMetadata.stats.count, 121);
    assert.equal(done.canaryDuration, 'PT2M');
    assert.deepEqual(done.warnings, []);
    assert.equal(done.metricQueries[0].account, 'synthetic');

    const history = await handle.fetchHistory();
    const completed = history.events!.filter((e) => e.activityTaskCompletedEventAttributes);
    assert.equal(completed.length, 2, 'prepareCanary and one judgeCanaryInterval');
    const results = completed.map((e) => JSON.parse(Buffer.from(e.activityTaskCompletedEventAttributes!.result!.payloads![0].data!).toString()) as unknown);
    assert.equal(longNumberArrays(results, 20), 0);
    const metadata = (await handle.query('__temporal_workflow_metadata')) as { currentDetails?: string };
    assert.match(metadata.currentDetails ?? '', /^Canary 'latency-\w+': score 100 \(Pass\)$/);
  });

  it('a doubled latency is a Fail verdict, and the sequential judge decides on its single look', async () => {
    const [kayenta, sequential] = await Promise.all([run(latencyConfig(200)), run(latencyConfig(200, 'GennakerSequential'))].map(async (h) => (await (await h).result()) as CanaryExecutionResult));
    assert.equal(kayenta.judgeResult.score.classification, 'Fail');
    assert.equal(kayenta.judgeResult.results[0].classification, 'High');
    assert.equal(sequential.judgeResult.score.classification, 'Fail');
  });

  it('a config or account mistake fails the workflow at once with the reason', async () => {
    const invalid = { ...latencyConfig(100), metrics: [] } as unknown as CanaryConfig;
    for (const [handle, pattern] of [
      [await run(invalid), /the inline canary config is not a valid canary config: metrics: needs at least one metric/],
      [await run(latencyConfig(100), { metricsAccountName: 'nowhere' }), /metrics account 'nowhere' is not configured/],
    ] as const) {
      const err = await handle.result().then(
        () => assert.fail('the workflow succeeded'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof WorkflowFailedError);
      assert.match(String((err.cause?.cause as Error | undefined)?.message), pattern);
      const attempts = (await handle.fetchHistory()).events!.filter((e) => e.activityTaskStartedEventAttributes).map((e) => e.activityTaskStartedEventAttributes!.attempt);
      assert.deepEqual(attempts, [1], 'not retried');
    }
  });
});

describe('kayentaCanary stage with a stored canary config (the worker reads it from PostgreSQL)', () => {
  function canaryStage(canaryConfigId: string) {
    return {
      refId: 'canary',
      type: 'kayentaCanary',
      name: 'Canary',
      canaryConfig: {
        canaryConfigId,
        scopes: [{ controlScope: 'app-baseline', experimentScope: 'app-canary', step: 0.1 }],
        lifetimeDuration: 'PT2S',
      },
    };
  }

  it('reads the config saved through the store, once, at the start', async () => {
    const store = createCanaryConfigStore(prisma);
    const saved = await store.create(latencyConfig(100));
    const done = await result(await startPipeline(worker.client, worker.taskQueue, pipelineConfig([canaryStage(saved.id)])));
    assert.deepEqual(statuses(done), { canary: 'SUCCEEDED' });
    assert.equal(stage(done, 'canary').context.canaryConfigName, saved.name);
    assert.deepEqual(stage(done, 'canary').outputs.canaryScores, [100]);
  });

  it('an unknown id fails the stage with a clear message', async () => {
    const done = await result(await startPipeline(worker.client, worker.taskQueue, pipelineConfig([canaryStage(`missing-${randomUUID()}`)])));
    assert.deepEqual(statuses(done), { canary: 'TERMINAL' });
    assert.match(stage(done, 'canary').exception!.details.error, /canary config 'missing-[\w-]+' not found/);
  });
});
