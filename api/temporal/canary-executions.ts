/**
 * One-off canary executions on Temporal: the canary execution id is the workflow id; a running
 * execution is read from its start input, a closed one from its result or failure.
 */
import { ApplicationFailure, type Client, WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import {
  CANARY_EXECUTION_WORKFLOW_TYPE,
  type CanaryExecutionInput,
  type CanaryExecutionResult,
} from '../../workflows/model/canary-execution';
import { newUlid } from '../ids';
import { readStartInput } from './start-input';

/** Kayenta's execution states (its `ExecutionStatus`, lower-cased in `status`). */
export type CanaryExecutionState = 'running' | 'succeeded' | 'terminal' | 'canceled';

/** What Temporal knows about one canary execution. */
export interface CanaryExecutionRecord {
  id: string;
  state: CanaryExecutionState;
  /** Absent only if the start event could not be read. */
  input?: CanaryExecutionInput;
  startTime: Date;
  closeTime?: Date;
  /** Set when the execution succeeded. */
  result?: CanaryExecutionResult;
  /** Why it ended otherwise: the innermost failure (e.g. the activity's own error type and message). */
  failure?: { type: string; message: string };
}

/** What the canary routes need from the engine. */
export interface CanaryExecutionService {
  /** Starts the workflow and returns the canary execution id. */
  start(input: CanaryExecutionInput): Promise<string>;
  /** Null when no canary execution has this id. */
  get(id: string): Promise<CanaryExecutionRecord | null>;
}

export interface CanaryExecutionServiceOptions {
  client: Client;
  namespace: string;
  taskQueue: string;
}

/**
 * A one-off canary nobody runs (no worker) ends TERMINAL after this long rather than staying
 * "running" for ever; a real one takes seconds to minutes.
 */
export const CANARY_EXECUTION_TIMEOUT = '1 hour';

const STATE_BY_TEMPORAL_STATUS: Record<string, CanaryExecutionState> = {
  RUNNING: 'running',
  COMPLETED: 'succeeded',
  CANCELLED: 'canceled',
  TERMINATED: 'canceled',
};

/** The innermost cause of a failed run: the error the activity or workflow actually raised. */
function innermostFailure(err: unknown): { type: string; message: string } {
  let current = err instanceof WorkflowFailedError && err.cause ? err.cause : (err as Error);
  while (current.cause instanceof Error) current = current.cause;
  const type = current instanceof ApplicationFailure && current.type ? current.type : current.name;
  return { type, message: current.message };
}

export function createCanaryExecutionService(options: CanaryExecutionServiceOptions): CanaryExecutionService {
  const { client, namespace, taskQueue } = options;

  return {
    async start(input) {
      const id = newUlid();
      await client.workflow.start(CANARY_EXECUTION_WORKFLOW_TYPE, {
        taskQueue,
        workflowId: id,
        args: [input],
        workflowExecutionTimeout: CANARY_EXECUTION_TIMEOUT,
        staticSummary: `Canary '${input.canaryConfig.name}' (one-off)`,
        staticDetails: input.canaryConfigId ? `Canary config \`${input.canaryConfigId}\`` : 'Inline canary config',
      });
      return id;
    },

    async get(id) {
      let description;
      try {
        description = await client.workflow.getHandle(id).describe();
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return null;
        throw err;
      }
      if (description.type !== CANARY_EXECUTION_WORKFLOW_TYPE) return null;
      const handle = client.workflow.getHandle(id, description.runId);
      const record: CanaryExecutionRecord = {
        id,
        state: STATE_BY_TEMPORAL_STATUS[description.status.name] ?? 'terminal',
        input: await readStartInput<CanaryExecutionInput>(client, namespace, id, description.runId),
        startTime: description.startTime,
        closeTime: description.closeTime,
      };
      if (record.state === 'running') return record;
      try {
        const result = (await handle.result()) as CanaryExecutionResult;
        return record.state === 'succeeded' ? { ...record, result } : record;
      } catch (err) {
        return { ...record, failure: innermostFailure(err) };
      }
    },
  };
}
