import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { WorkflowHandle } from '@temporalio/client';
import type { StageConfig } from '../../workflows/model/pipeline';
import type { CanaryIntervalRecord } from '../../workflows/stages/canary/interval-record';
import { pipelineConfig, result, stage, startPipeline, statuses, waitForExecution } from '../helpers/pipelines';
import { startTestWorker, type TestWorker } from '../helpers/worker';

let worker: TestWorker;
before(async () => {
  worker = await startTestWorker();
});
after(async () => {
  await worker.shutdown();
});

type Metric = Record<string, unknown>;
const latency = (canaryMean = 100, name = 'latency'): Metric => ({
  name,
  query: { type: 'synthetic', mean: 100, sd: 10, seed: name, overrides: { 'app-canary': { mean: canaryMean, sd: canaryMean / 10 } } },
  groups: ['performance'],
  analysisConfigurations: { canary: { direction: 'increase' } },
});

/** A canary stage on the synthetic provider: 0.1 s steps, so a 2 s interval holds 21 points per side. */
function canaryStage(options: { metrics?: Metric[]; judge?: string; canaryConfig?: Record<string, unknown>; stage?: Record<string, unknown> } = {}): StageConfig {
  return {
    refId: 'canary',
    type: 'kayentaCanary',
    name: 'Canary analysis',
    canaryConfig: {
      inlineConfig: {
        name: 'latency-canary',
        judge: { name: options.judge ?? 'NetflixACAJudge-v1.0' },
        metrics: options.metrics ?? [latency()],
        classifier: { groupWeights: { performance: 100 } },
      },
      scopes: [{ scopeName: 'default', controlScope: 'app-baseline', experimentScope: 'app-canary', step: 0.1 }],
      scoreThresholds: { pass: 75, marginal: 50 },
      lifetimeDuration: 'PT4S',
      canaryAnalysisIntervalMins: 2 / 60,
      ...options.canaryConfig,
    },
    ...options.stage,
  };
}
const next: StageConfig = { refId: 'next', type: 'wait', name: 'after the canary', waitTime: 0, requisiteStageRefIds: ['canary'] };

const run = (canary: StageConfig) => startPipeline(worker.client, worker.taskQueue, pipelineConfig([canary, next]));
const records = (e: { stages: { refId: string; context: Record<string, unknown> }[] }) =>
  (stage(e as never, 'canary').context.intervalStageResults ?? []) as CanaryIntervalRecord[];

/** The Web UI's "current details" of a running workflow. */
async function currentDetails(handle: WorkflowHandle): Promise<string> {
  const metadata = (await handle.query('__temporal_workflow_metadata')) as { currentDetails?: string };
  return metadata.currentDetails ?? '';
}

/** Arrays of numbers longer than `n` anywhere in a value (raw series would be ≥ 21 long here). */
function longNumberArrays(value: unknown, n: number): number {
  if (Array.isArray(value)) return (value.length > n && value.every((v) => typeof v === 'number' || v === null) ? 1 : 0) + value.reduce((s: number, v) => s + longNumberArrays(v, n), 0);
  if (value && typeof value === 'object') return Object.values(value).reduce((s: number, v) => s + longNumberArrays(v, n), 0);
  return 0;
}

describe('kayentaCanary stage (synthetic metrics)', () => {
  it('passes on equal baseline and canary metrics; each interval is visible while it runs', async () => {
    const handle = await run(canaryStage());
    const running = await waitForExecution(handle, (e) => records(e).length === 1, 15_000);
    assert.equal(stage(running, 'canary').status, 'RUNNING');
    assert.deepEqual(stage(running, 'canary').context.canaryScores, [100]);
    assert.match(await currentDetails(handle), /^Canary interval 1\/2: score 100 \(Pass\); interval 2\/2 is judged at \d\d\d\d-\d\d-\d\dT/);

    const done = await result(handle);
    assert.deepEqual(statuses(done), { canary: 'SUCCEEDED', next: 'SUCCEEDED' });
    const canary = stage(done, 'canary');
    assert.deepEqual(canary.outputs.canaryScores, [100, 100]);
    assert.equal(canary.outputs.overallScore, 100);
    assert.equal(canary.outputs.overallResult, 'Pass');
    assert.match(String(canary.outputs.canaryScoreMessage), /Final canary score 100 met or exceeded the pass score threshold \(75\)/);

    assert.deepEqual(canary.context.metricQueries, [
      {
        metric: 'latency',
        scopeName: 'default',
        account: 'synthetic',
        control: 'synthetic normal(mean 100, sd 10, seed latency) for scope app-baseline',
        experiment: 'synthetic normal(mean 100, sd 10, seed latency) for scope app-canary',
      },
    ]);
    const [first, second] = records(done);
    assert.equal(first.name, 'Run Canary #1');
    assert.equal(first.judgeResult!.results[0].classification, 'Pass');
    assert.equal(first.judgeResult!.results[0].controlMetadata.stats.count, 21);
    assert.equal(second.judgeResult!.results[0].controlMetadata.stats.count, 41, 'growing window: twice the data');
    assert.equal(first.experimentWindow.startTimeIso, second.experimentWindow.startTimeIso);
    assert.equal(Date.parse(second.experimentWindow.endTimeIso) - Date.parse(first.experimentWindow.endTimeIso), 2000);
    assert.equal(Date.parse(first.experimentWindow.startTimeIso), canary.startTime, 'windows are planned from the stage start');
    assert.ok(first.lastUpdated >= Date.parse(first.experimentWindow.endTimeIso), 'judged after its window closed');

    // Only the compact verdict enters history: no raw series in any activity result.
    const history = await handle.fetchHistory();
    const activityTypes = new Map(
      history.events!.filter((e) => e.activityTaskScheduledEventAttributes).map((e) => [String(e.eventId), e.activityTaskScheduledEventAttributes!.activityType!.name]),
    );
    const completed = history.events!.filter((e) => e.activityTaskCompletedEventAttributes);
    const canaryResults = completed.filter((e) => /canary/i.test(activityTypes.get(String(e.activityTaskCompletedEventAttributes!.scheduledEventId)) ?? ''));
    assert.equal(canaryResults.length, 3, 'prepareCanary and two judgeCanaryInterval results');
    const results = completed.map((e) => JSON.parse(Buffer.from(e.activityTaskCompletedEventAttributes!.result!.payloads![0].data!).toString()) as unknown);
    assert.equal(longNumberArrays(results, 10), 0);
  });

  it("fails early when the canary's latency doubles, and halts the pipeline", async () => {
    const handle = await run(canaryStage({ metrics: [latency(200)], canaryConfig: { lifetimeDuration: 'PT6S' } }));
    const done = await result(handle);
    assert.deepEqual(statuses(done), { canary: 'TERMINAL', next: 'NOT_STARTED' });
    assert.equal(done.status, 'TERMINAL');
    const canary = stage(done, 'canary');
    assert.deepEqual(canary.outputs.canaryScores, [0]);
    assert.equal(canary.outputs.overallResult, 'Fail');
    assert.match(canary.exception!.details.error, /^Canary interval 1\/3 scored 0, not above the marginal score threshold \(50\)\./);
    const [only] = records(done);
    assert.deepEqual(only.metrics, [{ name: 'latency', classification: 'High', critical: false }]);
    assert.equal(only.judgeResult!.results[0].classification, 'High');
    assert.match(only.judgeResult!.results[0].classificationReason, /^High/);
    assert.ok(canary.endTime! - canary.startTime! < 5000, 'stopped after the first of three 2 s intervals');
  });

  it('continuePipeline turns the failure into FAILED_CONTINUE and the pipeline goes on', async () => {
    const handle = await run(canaryStage({ metrics: [latency(200)], stage: { continuePipeline: true } }));
    const done = await result(handle);
    assert.deepEqual(statuses(done), { canary: 'FAILED_CONTINUE', next: 'SUCCEEDED' });
    assert.deepEqual(stage(done, 'canary').outputs.canaryScores, [0]);
  });

  it('the last interval decides: a marginal score keeps the default judge going and fails at the end; the sequential judge stops at once', async () => {
    // One of three metrics regresses: group score 66.67, above marginal (50), below pass (75).
    const metrics = [latency(200, 'latency'), latency(100, 'cpu'), latency(100, 'memory')];
    const [kayenta, sequential] = await Promise.all([
      run(canaryStage({ metrics })).then(result),
      run(canaryStage({ metrics, judge: 'GennakerSequential' })).then(result),
    ]);
    assert.equal(stage(kayenta, 'canary').status, 'TERMINAL');
    assert.deepEqual(stage(kayenta, 'canary').outputs.canaryScores, [66.67, 66.67]);
    assert.equal(stage(kayenta, 'canary').outputs.overallResult, 'Marginal');
    assert.match(stage(kayenta, 'canary').exception!.details.error, /Final canary score 66.67 is below the pass score threshold \(75\)/);

    const seq = stage(sequential, 'canary');
    assert.equal(seq.status, 'TERMINAL');
    assert.deepEqual(seq.outputs.canaryScores, [66.67]);
    assert.match(seq.exception!.details.error, /^Sequential canary stopped at interval 1\/2: score 66.67 is below the pass score threshold \(75\)/);
    assert.equal(records(sequential)[0].judgeResult!.sequential?.look, 1);
    assert.equal(records(sequential)[0].judgeResult!.sequential?.totalLooks, 2);
  });

  it('warm-up, sliding lookback and baseline offset shape the windows', async () => {
    const handle = await run(
      canaryStage({
        canaryConfig: {
          lifetimeDuration: 'PT2S',
          canaryAnalysisIntervalMins: 1 / 60,
          beginCanaryAnalysisAfterMins: 1 / 60,
          lookbackMins: 0.5 / 60,
          baselineAnalysisOffsetInMins: 1,
        },
      }),
    );
    const done = await result(handle);
    const canary = stage(done, 'canary');
    assert.equal(canary.status, 'SUCCEEDED');
    const t0 = canary.startTime!;
    const rel = (iso: string) => Date.parse(iso) - t0;
    assert.equal(rel(String((canary.context.canaryPlan as { warmupUntilIso: string }).warmupUntilIso)), 1000);
    assert.deepEqual(
      records(done).map((r) => [rel(r.experimentWindow.startTimeIso), rel(r.experimentWindow.endTimeIso), rel(r.controlWindow.startTimeIso), rel(r.controlWindow.endTimeIso)]),
      [
        [1500, 2000, -58_500, -58_000],
        [2500, 3000, -57_500, -57_000],
      ],
    );
  });

  it('ends at once, before any waiting, with the reason, on configuration mistakes', async () => {
    const hour = (canaryConfig: Record<string, unknown>, metrics?: Metric[]) => canaryStage({ metrics, canaryConfig: { lifetimeDuration: 'PT1H', canaryAnalysisIntervalMins: 10, ...canaryConfig } });
    const cases: [StageConfig, RegExp][] = [
      [hour({ inlineConfig: undefined, canaryConfigId: 'nope' }), /canary config 'nope' not found/],
      [hour({ lifetimeDuration: 'soon' }), /lifetimeDuration: 'soon' is not an ISO-8601 duration/],
      [hour({ metricsAccountName: 'prod-prometheus' }), /metrics account 'prod-prometheus' is not configured/],
      [hour({}, []), /canaryConfig\.inlineConfig\.metrics: needs at least one metric/],
      [hour({}, [{ ...latency(), query: { type: 'synthetic', distribution: 'poisson' } }]), /synthetic distribution 'poisson' is not one of/],
      [hour({}, [{ ...latency(), scopeName: 'eu' }]), /metric 'latency' reads scope 'eu', but the stage defines scopes: 'default'/],
    ];
    const started = Date.now();
    const finished = await Promise.all(cases.map(([config]) => run(config).then(result)));
    finished.forEach((done, i) => {
      assert.equal(stage(done, 'canary').status, 'TERMINAL');
      assert.match(stage(done, 'canary').exception!.details.error, cases[i][1]);
    });
    assert.ok(Date.now() - started < 10_000, 'no retries of mistakes');
  });
});
