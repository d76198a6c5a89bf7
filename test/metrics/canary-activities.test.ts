import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createCanaryActivities } from '../../activities/canary/canary-activities';
import type { CanaryIntervalRequest } from '../../activities/canary/types';
import { createMetricProviders, MetricProviderError, type MetricProviders } from '../../activities/metrics';
import type { CanaryConfig } from '../../canary/config';

/** An activity context, with the expected failures kept out of the test output. */
const environment = () => new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') });

/** Runs `fn` inside an activity context. */
function runActivity<R>(fn: () => Promise<R>, env = environment()): Promise<R> {
  return env.run(fn) as Promise<R>;
}

const config = {
  name: 'latency-canary',
  metrics: [{ name: 'latency', query: { type: 'synthetic', mean: 100, overrides: { canary: { mean: 200, sd: 20 } } }, groups: ['perf'] }],
} as CanaryConfig;
const window = (scope: string) => ({ scope, startMs: 0, endMs: 30_000, stepSeconds: 1 });
const scopes = [{ scopeName: 'default', control: window('baseline'), experiment: window('canary') }];
const synthetic = createMetricProviders([{ name: 'demo', type: 'synthetic' }]);

function activities(metrics: MetricProviders = synthetic, stored: Record<string, unknown> = {}) {
  return createCanaryActivities({ metrics, canaryConfigs: { getCanaryConfig: async (id) => (stored[id] as CanaryConfig) ?? null } });
}

/** Runs `fn` as an activity and returns the ApplicationFailure it threw. */
async function failure(fn: () => Promise<unknown>): Promise<ApplicationFailure> {
  const err = await runActivity(fn).then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof ApplicationFailure, `expected an ApplicationFailure, got ${String(err)}`);
  return err;
}

const interval = (extra: Partial<CanaryIntervalRequest> = {}): CanaryIntervalRequest => ({
  canaryConfig: config,
  scopes,
  scoreThresholds: { pass: 75, marginal: 50 },
  label: 'test',
  ...extra,
});

describe('canary activities', () => {
  it('prepareCanary reads a stored config once and shows the query of every metric', async () => {
    const prepared = await runActivity(() => activities(synthetic, { 'cfg-1': config }).prepareCanary({ canaryConfigId: 'cfg-1', scopes }));
    assert.equal(prepared.canaryConfig.name, 'latency-canary');
    assert.deepEqual(prepared.queries.map((q) => [q.metric, q.account, q.experiment]), [['latency', 'demo', 'synthetic normal(mean 200, sd 20, seed 1) for scope canary']]);
  });

  it('prepareCanary: a missing or invalid config, or an unknown account, fails without retry', async () => {
    const acts = activities(synthetic, { broken: { name: 'broken', metrics: [{ name: 'x' }] } });
    const missing = await failure(() => acts.prepareCanary({ canaryConfigId: 'nope', scopes }));
    assert.deepEqual([missing.type, missing.nonRetryable], ['CanaryConfigNotFound', true]);
    const invalid = await failure(() => acts.prepareCanary({ canaryConfigId: 'broken', scopes }));
    assert.equal(invalid.type, 'CanaryConfigInvalid');
    assert.match(invalid.message, /canary config 'broken' is not a valid canary config: metrics\[0\]\.query: is required/);
    const account = await failure(() => acts.prepareCanary({ inlineConfig: config, metricsAccountName: 'prod', scopes }));
    assert.deepEqual([account.type, account.nonRetryable], ['MetricsAccountNotFound', true]);
  });

  it('judgeCanaryInterval fetches, judges and returns only the verdict; it heartbeats its progress', async () => {
    const env = environment();
    const beats: unknown[] = [];
    env.on('heartbeat', (d: unknown) => beats.push(d));
    const { judgeResult, warnings } = await runActivity(() => activities().judgeCanaryInterval(interval()), env);
    assert.equal(judgeResult.score.score, 0);
    assert.equal(judgeResult.results[0].classification, 'High');
    assert.equal(judgeResult.results[0].controlMetadata.stats.count, 31);
    assert.deepEqual(warnings, ["'latency' returned fewer than 50 baseline data points, which can reduce confidence in the canary score"]);
    assert.deepEqual(beats, [{ fetched: 1, total: 1, metric: 'latency' }]);
    assert.ok(!JSON.stringify(judgeResult).includes('"values"'));
  });

  it('an unavailable metrics store is retried; a bad query is not', async () => {
    const failing = (kind: 'unavailable' | 'query'): MetricProviders => ({
      accounts: () => [],
      resolve: () => ({
        type: 'synthetic',
        accountName: 'x',
        buildQuery: () => 'q',
        fetch: async () => {
          throw new MetricProviderError(`store says ${kind}`, kind);
        },
      }),
    });
    const outage = await failure(() => activities(failing('unavailable')).judgeCanaryInterval(interval()));
    assert.deepEqual([outage.type, outage.nonRetryable, outage.message], ['MetricsStoreUnavailable', false, 'store says unavailable']);
    const bad = await failure(() => activities(failing('query')).judgeCanaryInterval(interval()));
    assert.deepEqual([bad.type, bad.nonRetryable], ['MetricQueryInvalid', true]);
  });

  it('sequential mode passes the look to the judge', async () => {
    const sequentialConfig = { ...config, judge: { name: 'GennakerSequential' } } as CanaryConfig;
    const { judgeResult } = await runActivity(() => activities().judgeCanaryInterval(interval({ canaryConfig: sequentialConfig, sequential: { look: 2, totalLooks: 4 } })));
    assert.deepEqual([judgeResult.sequential?.look, judgeResult.sequential?.totalLooks], [2, 4]);
  });
});
