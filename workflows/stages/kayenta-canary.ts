import { proxyActivities, sleep, type RetryPolicy } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { CanaryScopePair } from '../../activities/canary/types';
import { SEQUENTIAL_JUDGE_NAME } from '../../canary/config';
import { NON_RETRYABLE_ERROR_TYPES } from '../model/error-types';
import { CANARY_NON_RETRYABLE_ERROR_TYPES } from './canary/error-types';
import { appendRecord, intervalRecord, intervalSummary, type CanaryIntervalRecord } from './canary/interval-record';
import { planCanaryIntervals, type CanaryPlan, type PlannedInterval } from './canary/plan';
import { kayentaCanaryStageSchema, readCanaryStageSettings, type CanaryStageSettings } from './canary/settings';
import { failsEarly, finalVerdict } from './canary/verdict';
import type { StageDefinition, StageOutcome } from './types';

const retry: RetryPolicy = {
  initialInterval: '2s',
  backoffCoefficient: 2,
  maximumInterval: '1m',
  // About eight minutes of a metrics store outage before the interval (and the stage) fails.
  maximumAttempts: 12,
  nonRetryableErrorTypes: [...NON_RETRYABLE_ERROR_TYPES, ...CANARY_NON_RETRYABLE_ERROR_TYPES],
};

/** Heartbeat timeout of the judge activity: how fast a killed worker's interval is retried elsewhere. */
export const CANARY_JUDGE_HEARTBEAT_TIMEOUT = '20s';

function judgeActivities() {
  return proxyActivities<Activities>({ startToCloseTimeout: '10m', heartbeatTimeout: CANARY_JUDGE_HEARTBEAT_TIMEOUT, retry });
}

function prepareActivities() {
  return proxyActivities<Activities>({ startToCloseTimeout: '1m', retry });
}

async function sleepUntil(atMs: number): Promise<void> {
  const ms = atMs - Date.now();
  if (ms > 0) await sleep(ms);
}

function clock(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

function scopePairs(settings: CanaryStageSettings, interval: PlannedInterval): CanaryScopePair[] {
  return settings.scopes.map((s) => ({
    scopeName: s.scopeName,
    control: { scope: s.controlScope, location: s.controlLocation, ...interval.control, stepSeconds: settings.stepSeconds, extendedScopeParams: s.extendedScopeParams },
    experiment: { scope: s.experimentScope, location: s.experimentLocation, ...interval.experiment, stepSeconds: settings.stepSeconds, extendedScopeParams: s.extendedScopeParams },
  }));
}

function describePlan(plan: CanaryPlan) {
  return {
    intervals: plan.intervals.length,
    lifetimeMs: plan.lifetimeMs,
    intervalMs: plan.intervalMs,
    ...(plan.warmupUntilMs !== undefined ? { warmupUntilIso: new Date(plan.warmupUntilMs).toISOString() } : {}),
    judgeTimesIso: plan.intervals.filter((i) => i.judgeAtMs !== undefined).map((i) => new Date(i.judgeAtMs!).toISOString()),
  };
}

/**
 * `kayentaCanary`: automated canary analysis over the stage's lifetime, as Spinnaker runs it.
 * Plans every interval up front; waits out the warm-up and each interval on durable timers; at each
 * interval end one activity fetches the metrics of the planned windows and judges them. An interval
 * scoring at or below `marginal` fails the stage at once; otherwise the last interval's score decides
 * (≥ `pass` succeeds). With the `GennakerSequential` judge the stage also stops at the first interval
 * whose score falls below `pass`: its repeated confidence intervals keep the false-alarm rate at α
 * over all planned looks, so a detected regression is final.
 *
 * Context: `canaryPlan`, `metricQueries` (each metric's account and queries, checked at the start),
 * `intervalStageResults[]` (score, windows, per-metric verdicts, warnings), `canaryScores`,
 * `lastUpdated`/`lastUpdatedIso`. Outputs: `canaryScores`, `overallScore`,
 * `overallResult` (Pass | Marginal | Fail), `canaryScoreMessage`, `lastUpdated`, `lastUpdatedIso`.
 * The Kayenta config comes from `canaryConfig.canaryConfigId` (read once, at the start) or inline
 * from `canaryConfig.inlineConfig`; config, accounts and queries are checked before any waiting.
 */
export const kayentaCanaryStage: StageDefinition = {
  type: 'kayentaCanary',
  schema: kayentaCanaryStageSchema,
  async run({ stage, config, execution, setWaitingFor }): Promise<StageOutcome> {
    let settings: CanaryStageSettings;
    let plan: CanaryPlan;
    try {
      settings = readCanaryStageSettings(config);
      plan = planCanaryIntervals(settings.timing, Date.now());
    } catch (err) {
      return { status: 'TERMINAL', error: (err as Error).message };
    }
    const total = plan.intervals.length;
    const thresholds = settings.scoreThresholds;
    stage.context.canaryPlan = describePlan(plan);

    setWaitingFor(`Canary: checking the canary config${settings.canaryConfigId ? ` '${settings.canaryConfigId}'` : ''} and its metric queries`);
    const { canaryConfig, queries } = await prepareActivities().prepareCanary({
      canaryConfigId: settings.canaryConfigId,
      inlineConfig: settings.inlineConfig,
      metricsAccountName: settings.metricsAccountName,
      scopes: scopePairs(settings, plan.intervals[0]),
      authentication: execution.authentication,
      application: execution.application,
    });
    stage.context.canaryConfigName = canaryConfig.name;
    stage.context.metricQueries = queries;
    const sequential = canaryConfig.judge?.name === SEQUENTIAL_JUDGE_NAME;

    const records: CanaryIntervalRecord[] = [];
    const scores: number[] = [];
    stage.context.intervalStageResults = records;
    stage.context.canaryScores = scores;
    const outputs = (last?: CanaryIntervalRecord) => ({
      canaryScores: [...scores],
      ...(last ? { overallScore: last.canaryScore, lastUpdated: last.lastUpdated, lastUpdatedIso: last.lastUpdatedIso } : {}),
    });

    if (plan.warmupUntilMs !== undefined) {
      setWaitingFor(`Canary warm-up: analysis starts at ${clock(plan.warmupUntilMs)}`);
      await sleepUntil(plan.warmupUntilMs);
    }
    let last: CanaryIntervalRecord | undefined;
    for (const interval of plan.intervals) {
      if (interval.judgeAtMs !== undefined) {
        const next = `interval ${interval.index}/${total} is judged at ${clock(interval.judgeAtMs)}`;
        setWaitingFor(last ? `${intervalSummary(last)}; ${next}` : `Canary ${next}`);
        await sleepUntil(interval.judgeAtMs);
      }
      setWaitingFor(`Canary interval ${interval.index}/${total}: judging`);
      const result = await judgeActivities().judgeCanaryInterval({
        canaryConfig,
        metricsAccountName: settings.metricsAccountName,
        scopes: scopePairs(settings, interval),
        scoreThresholds: thresholds,
        sequential: sequential ? { look: interval.index, totalLooks: total } : undefined,
        label: `${execution.id}/${stage.refId} interval ${interval.index}/${total}`,
      });
      last = intervalRecord(interval, total, result, Date.now());
      appendRecord(records, last);
      scores.push(last.canaryScore);
      stage.context.lastUpdated = last.lastUpdated;
      stage.context.lastUpdatedIso = last.lastUpdatedIso;
      setWaitingFor(intervalSummary(last));

      if (failsEarly(last.canaryScore, thresholds)) {
        const message = `Canary interval ${interval.index}/${total} scored ${last.canaryScore}, not above the marginal score threshold (${thresholds.marginal}).`;
        return {
          status: 'TERMINAL',
          error: `${message} ${last.classificationReason}`,
          outputs: { ...outputs(last), overallResult: 'Fail', canaryScoreMessage: message },
        };
      }
      if (sequential && last.canaryScore < thresholds.pass) {
        const message = `Sequential canary stopped at interval ${interval.index}/${total}: score ${last.canaryScore} is below the pass score threshold (${thresholds.pass}).`;
        return {
          status: 'TERMINAL',
          error: `${message} ${last.classificationReason}`,
          outputs: { ...outputs(last), overallResult: 'Marginal', canaryScoreMessage: message },
        };
      }
    }
    const verdict = finalVerdict(last!.canaryScore, thresholds);
    return {
      status: verdict.status,
      error: verdict.status === 'TERMINAL' ? `${verdict.canaryScoreMessage} ${last!.classificationReason}` : undefined,
      outputs: { ...outputs(last), overallResult: verdict.overallResult, canaryScoreMessage: verdict.canaryScoreMessage },
    };
  },
};
