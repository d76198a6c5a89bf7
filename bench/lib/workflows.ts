/**
 * The benchmark bundle: Gennaker's workflows plus a plain Temporal workflow as the baseline the
 * engine is compared with.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';

export { pipelineWorkflow } from '../../workflows';

const { noop } = proxyActivities<Activities>({ startToCloseTimeout: '30s' });

/** Baseline: the same N no-op activities, one after another, with no engine around them. */
export async function plainActivitiesWorkflow(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await noop();
}
