import { proxyActivities, setCurrentDetails, workflowInfo, type RetryPolicy } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { SEQUENTIAL_JUDGE_NAME } from '../canary/config';
import type { CanaryExecutionInput, CanaryExecutionResult } from './model/canary-execution';
import { NON_RETRYABLE_ERROR_TYPES } from './model/error-types';
import { CANARY_NON_RETRYABLE_ERROR_TYPES } from './stages/canary/error-types';
import { CANARY_JUDGE_HEARTBEAT_TIMEOUT } from './stages/kayenta-canary';

/**
 * Someone is usually waiting for a one-off canary (spin's `retro` gives up after a minute), so a
 * metrics store outage fails it within about a minute instead of the stage's eight.
 */
const retry: RetryPolicy = {
  initialInterval: '1s',
  backoffCoefficient: 2,
  maximumInterval: '15s',
  maximumAttempts: 6,
  nonRetryableErrorTypes: [...NON_RETRYABLE_ERROR_TYPES, ...CANARY_NON_RETRYABLE_ERROR_TYPES],
};

const { prepareCanary } = proxyActivities<Activities>({ startToCloseTimeout: '1m', retry });
const { judgeCanaryInterval } = proxyActivities<Activities>({ startToCloseTimeout: '10m', heartbeatTimeout: CANARY_JUDGE_HEARTBEAT_TIMEOUT, retry });

/** Java's `Duration.toString()` for whole milliseconds: `PT1H`, `PT1M30S`, `PT0.5S`. */
function isoDuration(ms: number): string {
  if (ms <= 0) return 'PT0S';
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = (ms % 60_000) / 1000;
  return `PT${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds ? `${seconds}S` : ''}`;
}

/**
 * Kayenta's one-off canary execution (`POST /v2/canaries/canary`, spin's `canary-config retro`):
 * checks the config, its accounts and every query, then fetches the metrics of the given windows
 * and judges them once — the same two activities a `kayentaCanary` stage runs per interval. Returns
 * the compact verdict; a config, account or query mistake fails the workflow with its message.
 */
export async function canaryExecutionWorkflow(input: CanaryExecutionInput): Promise<CanaryExecutionResult> {
  const { scopes, metricsAccountName } = input;
  setCurrentDetails(`Canary '${input.canaryConfig.name}': checking the config and its metric queries`);
  const { canaryConfig, queries } = await prepareCanary({ inlineConfig: input.canaryConfig, metricsAccountName, scopes });

  setCurrentDetails(`Canary '${canaryConfig.name}': fetching metrics and judging`);
  const sequential = canaryConfig.judge?.name === SEQUENTIAL_JUDGE_NAME;
  const { judgeResult, warnings } = await judgeCanaryInterval({
    canaryConfig,
    metricsAccountName,
    scopes,
    scoreThresholds: input.scoreThresholds,
    // A single look: the sequential test spends all of its α on it.
    sequential: sequential ? { look: 1, totalLooks: 1 } : undefined,
    label: `${workflowInfo().workflowId} one-off canary`,
  });

  const { score } = judgeResult;
  setCurrentDetails(`Canary '${canaryConfig.name}': score ${score.score} (${score.classification})`);
  const experiment = scopes[0].experiment;
  return { judgeResult, canaryDuration: isoDuration(experiment.endMs - experiment.startMs), warnings, metricQueries: queries };
}
