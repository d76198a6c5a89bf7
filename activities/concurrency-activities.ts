import { Context } from '@temporalio/activity';
import { SearchAttribute } from '../workflows/model/workflow-input';

/** What a queued execution needs to know about the other executions of its pipeline. */
export interface ConcurrencyState {
  /** Executions of the same pipeline config that are running or paused (not this one). */
  active: number;
  /** Queued (NOT_STARTED) executions of the config started before this one. */
  waitingOlder: number;
  /** Queued executions of the config started after this one. */
  waitingNewer: number;
}

/** Visibility queries quote values; refuse ids that would need escaping rather than risk a broken query. */
function literal(value: string): string {
  if (!/^[\w.:@/-]+$/.test(value)) throw new Error(`cannot query visibility for '${value}'`);
  return `'${value}'`;
}

async function count(query: string): Promise<number> {
  let n = 0;
  for await (const _ of Context.current().client.workflow.list({ query, pageSize: 100 })) n += 1;
  return n;
}

export function createConcurrencyActivities() {
  return {
    /**
     * Reads, from Temporal visibility, how many other executions of a pipeline config are active
     * or queued before/after this one (Spinnaker's `limitConcurrent` / `keepWaitingPipelines`).
     * Read-only, so retries are harmless.
     */
    async checkConcurrency(input: { pipelineConfigId: string; executionId: string; startTime: string }): Promise<ConcurrencyState> {
      const base = `WorkflowType = 'pipelineWorkflow' AND ExecutionStatus = 'Running' AND ${SearchAttribute.pipelineConfigId} = ${literal(input.pipelineConfigId)} AND WorkflowId != ${literal(input.executionId)}`;
      const started = new Date(input.startTime).toISOString();
      const [active, waitingOlder, waitingNewer] = await Promise.all([
        count(`${base} AND ${SearchAttribute.status} IN ('RUNNING', 'PAUSED')`),
        count(`${base} AND ${SearchAttribute.status} = 'NOT_STARTED' AND StartTime < '${started}'`),
        count(`${base} AND ${SearchAttribute.status} = 'NOT_STARTED' AND StartTime > '${started}'`),
      ]);
      return { active, waitingOlder, waitingNewer };
    },
  };
}
