import { ApplicationFailure, Context } from '@temporalio/activity';
import { ErrorType } from '../../../workflows/model/error-types';
import type { ClusterConnection } from '../connector';
import { attempt } from './errors';
import { stabilityOf } from './stability';
import type { WaitForStableInput, WaitForStableResult } from './types';

/**
 * Polls the objects until every one is stable, heartbeating each round with the progress. A
 * worker killed meanwhile is noticed by the heartbeat timeout and another worker resumes the
 * wait (it only reads, so resuming repeats nothing). Fails non-retryably when an object fails
 * (a Job, a Deployment past its progress deadline) or at the workflow's deadline.
 */
export async function waitForStable(connection: ClusterConnection, input: WaitForStableInput): Promise<WaitForStableResult> {
  const ctx = Context.current();
  const callsBefore = connection.client.calls;
  const interval = input.pollIntervalMs ?? 500;
  const pending = new Map(input.refs.map((ref) => [`${ref.kind}/${ref.namespace ?? ''}/${ref.name}`, ref]));
  const messages = new Map<string, string>();
  let polls = 0;
  for (;;) {
    polls += 1;
    for (const [key, ref] of pending) {
      const object = await attempt(`read ${ref.kind} ${ref.name}`, () => connection.client.get(ref));
      if (!object) {
        messages.set(key, `${ref.kind} ${ref.name} does not exist (yet)`);
        continue;
      }
      const status = stabilityOf(object);
      messages.set(key, status.message);
      if (status.failed) throw ApplicationFailure.nonRetryable(status.failed, ref.kind === 'Job' ? ErrorType.KubernetesJobFailed : ErrorType.KubernetesRolloutFailed);
      if (status.stable) pending.delete(key);
    }
    const progress = [...messages.values()];
    if (!pending.size) return { polls, apiCalls: connection.client.calls - callsBefore, messages: progress };
    ctx.heartbeat({ polls, waitingFor: [...pending.keys()].map((k) => messages.get(k)) });
    if (Date.now() + interval > input.deadline) {
      throw ApplicationFailure.nonRetryable(
        `not stable in time: ${[...pending.keys()].map((k) => messages.get(k)).join('; ')}`,
        ErrorType.KubernetesRolloutFailed,
      );
    }
    // Throws when the activity is cancelled (stage timeout, pipeline cancelled).
    await ctx.sleep(interval);
  }
}
