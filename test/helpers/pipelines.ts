import type { Client, WorkflowHandle } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { executionQuery } from '../../workflows/messages';
import type { PipelineExecution, StageExecution } from '../../workflows/model/execution';
import type { PipelineConfig, StageConfig } from '../../workflows/model/pipeline';
import type { PipelineWorkflowInput } from '../../workflows/model/workflow-input';

/** A pipeline config with a unique id and name around the given stages. */
export function pipelineConfig(stages: StageConfig[], extra: Partial<PipelineConfig> = {}): PipelineConfig {
  const id = randomUUID();
  return { id, application: 'testapp', name: `test-${id.slice(0, 8)}`, stages, ...extra };
}

/** Starts a pipeline execution directly on Temporal (the API does the same after validation). */
export async function startPipeline(
  client: Client,
  taskQueue: string,
  config: PipelineConfig,
  parameters: Record<string, unknown> = {},
): Promise<WorkflowHandle> {
  const input: PipelineWorkflowInput = { config, trigger: { type: 'manual', user: 'tester', parameters }, buildTime: Date.now() };
  return client.workflow.start('pipelineWorkflow', { taskQueue, workflowId: `exec-${randomUUID()}`, args: [input] });
}

/** Polls the execution query until the predicate holds; fails with the last document at the deadline. */
export async function waitForExecution(
  handle: WorkflowHandle,
  predicate: (execution: PipelineExecution) => boolean,
  timeoutMs = 20_000,
): Promise<PipelineExecution> {
  const deadline = Date.now() + timeoutMs;
  let last: PipelineExecution | undefined;
  while (Date.now() < deadline) {
    try {
      last = await handle.query(executionQuery);
      if (predicate(last)) return last;
    } catch (err) {
      // The first workflow task may not have run yet; keep polling until the deadline.
      if (Date.now() + 100 > deadline) throw err;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`condition not reached within ${timeoutMs} ms; last document: ${JSON.stringify(last, null, 1)}`);
}

export function stage(execution: PipelineExecution, refId: string): StageExecution {
  const found = execution.stages.find((s) => s.refId === refId);
  if (!found) throw new Error(`no stage ${refId}`);
  return found;
}

/** Waits until the stage with this refId is RUNNING. */
export function waitForStageRunning(handle: WorkflowHandle, refId: string, timeoutMs?: number): Promise<PipelineExecution> {
  return waitForExecution(handle, (e) => stage(e, refId).status === 'RUNNING', timeoutMs);
}

/** The final document (the workflow's result). */
export function result(handle: WorkflowHandle): Promise<PipelineExecution> {
  return handle.result() as Promise<PipelineExecution>;
}

export function statuses(execution: PipelineExecution): Record<string, string> {
  return Object.fromEntries(execution.stages.map((s) => [s.refId, s.status]));
}

/** Asserts that an update was refused by the workflow's validator with a message matching `pattern`. */
export async function assertUpdateRejected(update: Promise<unknown>, pattern: RegExp): Promise<void> {
  let accepted = false;
  try {
    await update;
    accepted = true;
  } catch (err) {
    const cause = (err as { cause?: { message?: string } }).cause;
    const message = `${(err as Error).name}: ${cause?.message ?? (err as Error).message}`;
    if (!pattern.test(message)) throw new Error(`update refused, but with '${message}', not ${pattern}`);
  }
  if (accepted) throw new Error(`update was accepted; expected a refusal matching ${pattern}`);
}
