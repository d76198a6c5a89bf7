import { condition, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { PipelineExecution } from '../model/execution';
import type { PipelineConfig } from '../model/pipeline';

/** First and longest gap between checks of the queue; backing off keeps history small on long waits. */
const FIRST_CHECK_MS = 2_000;
const MAX_CHECK_MS = 60_000;

export type Turn = 'go' | 'superseded' | 'canceled' | 'continue-as-new';

/**
 * Spinnaker's `limitConcurrent`: the execution stays NOT_STARTED while another execution of the
 * same pipeline runs. With `keepWaitingPipelines` off, a queued execution gives way to a newer
 * queued one (only the latest waits); with it on, queued executions start oldest first.
 */
export async function waitForTurn(
  execution: PipelineExecution,
  config: PipelineConfig,
  options: { setWaiting(text: string): void; shouldContinueAsNew(): boolean; firstCheckMs?: number },
): Promise<Turn> {
  const { checkConcurrency } = proxyActivities<Activities>({ startToCloseTimeout: '30s', retry: { maximumInterval: '10s' } });
  let gap = options.firstCheckMs ?? FIRST_CHECK_MS;
  for (;;) {
    const state = await checkConcurrency({
      pipelineConfigId: config.id,
      executionId: execution.id,
      startTime: workflowInfo().runStartTime.toISOString(),
    });
    if (!config.keepWaitingPipelines && state.waitingNewer > 0) return 'superseded';
    const blocked = state.active > 0 || (config.keepWaitingPipelines === true && state.waitingOlder > 0);
    if (!blocked) return 'go';
    options.setWaiting(`Queued: ${state.active} execution(s) of '${config.name}' running${state.waitingOlder ? `, ${state.waitingOlder} queued before this one` : ''} (limitConcurrent)`);
    if (await condition(() => execution.canceled, gap)) return 'canceled';
    if (options.shouldContinueAsNew()) return 'continue-as-new';
    gap = Math.min(gap * 2, MAX_CHECK_MS);
  }
}
