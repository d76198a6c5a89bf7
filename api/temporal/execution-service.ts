/**
 * Pipeline executions on Temporal: the execution id is the workflow id, the document comes from
 * the workflow (query while running, result once closed), and listing uses visibility.
 */
import {
  type Client,
  type WorkflowExecutionDescription,
  type WorkflowExecutionInfo,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  WorkflowNotFoundError,
} from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { Authentication } from '../../workflows/model/authentication';
import { COMPLETED_STATUSES, type ExecutionStatus, type PipelineExecution, type Trigger } from '../../workflows/model/execution';
import type { PipelineConfig } from '../../workflows/model/pipeline';
import { type PipelineWorkflowInput, SearchAttribute } from '../../workflows/model/workflow-input';
import {
  type CancelInput,
  type PauseInput,
  type StagePatchInput,
  cancelUpdate,
  executionQuery,
  patchStageUpdate,
  pauseUpdate,
  resumeUpdate,
} from '../../workflows/messages';
import { mapBounded } from '../concurrency';
import { ClosedExecutionCache } from './closed-cache';
import { ApiError, conflict } from '../errors';
import { idempotentExecutionId, newUlid } from '../ids';
import { type RunSummary, minimalExecution, statusForAbnormalClose } from './minimal-execution';
import { readStartInput } from './start-input';
import { updateFailureToApiError } from './temporal-errors';
import { type ExecutionFilter, PIPELINE_WORKFLOW_TYPE, executionListQuery } from './visibility';
import { WorkerPresence } from './workers';

export interface StartRequest {
  config: PipelineConfig;
  trigger: Trigger;
  /** Same key (for the same pipeline) → same execution id; a retried start does not run twice. */
  idempotencyKey?: string;
  /** Who the execution runs as (`executionAuthentication(principal)`); absent when the API is open. */
  authentication?: Authentication;
}

/** Enough about an execution to authorize an action on it. */
export interface ExecutionRef {
  id: string;
  application: string;
  running: boolean;
  /** Temporal's status name (RUNNING, COMPLETED, TERMINATED, …). */
  temporalStatus: string;
}

export interface ListRequest extends ExecutionFilter {
  /** Executions per pipeline config (Orca's `limit`). */
  limitPerConfig: number;
}

/** What the API needs from the engine. Actions take a ref from `ref()` (already authorized). */
export interface ExecutionService {
  start(request: StartRequest): Promise<{ id: string; alreadyStarted: boolean }>;
  get(id: string): Promise<PipelineExecution | null>;
  ref(id: string): Promise<ExecutionRef | null>;
  /** The given executions that exist, newest first. */
  getMany(ids: readonly string[]): Promise<PipelineExecution[]>;
  /** Executions matching the filter, newest first, at most `limitPerConfig` per pipeline config. */
  list(request: ListRequest): Promise<PipelineExecution[]>;
  /** Cancels a running execution; a finished one is answered as it is. */
  cancel(ref: ExecutionRef, input: CancelInput): Promise<PipelineExecution>;
  pause(ref: ExecutionRef, input: PauseInput): Promise<PipelineExecution>;
  resume(ref: ExecutionRef, input: PauseInput): Promise<PipelineExecution>;
  /** A judgment and/or skipping a wait; answered with the whole execution. */
  patchStage(ref: ExecutionRef, input: StagePatchInput): Promise<PipelineExecution>;
}

export interface ExecutionServiceOptions {
  client: Client;
  namespace: string;
  taskQueue: string;
  /** Deadline of a query for the execution document (default 5 s). */
  queryTimeoutMs?: number;
  /** Deadline of an update such as cancel or a judgment (default 30 s). */
  updateTimeoutMs?: number;
  /** Documents fetched at once when listing (default 8). */
  listConcurrency?: number;
  /** Visibility rows read at most for one listing (default 2000). */
  maxScan?: number;
}

/** The part of describe()/list() results a read needs. */
type RunInfo = Pick<
  WorkflowExecutionInfo,
  'workflowId' | 'runId' | 'type' | 'taskQueue' | 'status' | 'startTime' | 'closeTime' | 'typedSearchAttributes'
>;

const attributeKeys = Object.values(SearchAttribute).map((name) => ({
  name,
  key: defineSearchAttributeKey(name, SearchAttributeType.KEYWORD),
}));

function runSummary(info: RunInfo): RunSummary {
  const attributes: Record<string, string | undefined> = {};
  for (const { name, key } of attributeKeys) attributes[name] = info.typedSearchAttributes.get(key);
  return {
    workflowId: info.workflowId,
    temporalStatus: info.status.name,
    startTime: info.startTime,
    closeTime: info.closeTime,
    attributes,
  };
}

const newestFirst = (a: PipelineExecution, b: PipelineExecution) =>
  (b.buildTime ?? b.startTime ?? 0) - (a.buildTime ?? a.startTime ?? 0) || b.id.localeCompare(a.id);

export function createExecutionService(options: ExecutionServiceOptions): ExecutionService {
  const { client, namespace, taskQueue } = options;
  const queryTimeoutMs = options.queryTimeoutMs ?? 5_000;
  const updateTimeoutMs = options.updateTimeoutMs ?? 30_000;
  const listConcurrency = options.listConcurrency ?? 8;
  const maxScan = options.maxScan ?? 2_000;
  const workers = new WorkerPresence(client, namespace);
  const closed = new ClosedExecutionCache();

  async function describe(id: string): Promise<WorkflowExecutionDescription | null> {
    try {
      const description = await client.workflow.getHandle(id).describe();
      return description.type === PIPELINE_WORKFLOW_TYPE ? description : null;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    }
  }

  async function read(info: RunInfo): Promise<PipelineExecution> {
    const run = runSummary(info);
    const handle = client.workflow.getHandle(info.workflowId, info.runId);
    const fallback = async (status: ExecutionStatus, reason?: string) =>
      minimalExecution(run, status, await readStartInput(client, namespace, info.workflowId, info.runId), reason);

    switch (info.status.name) {
      case 'RUNNING':
        if (await workers.hasWorkers(info.taskQueue)) {
          try {
            return await client.withDeadline(Date.now() + queryTimeoutMs, () => handle.query(executionQuery));
          } catch {
            // No answer (worker gone, workflow task failing): say what we know.
          }
        }
        // The status the workflow last published (NOT_STARTED until a worker starts it).
        return fallback((run.attributes[SearchAttribute.status] as ExecutionStatus | undefined) ?? 'RUNNING');
      case 'COMPLETED': {
        const doc = (await handle.result()) as PipelineExecution;
        closed.set(info.workflowId, doc);
        return doc;
      }
      default: {
        let reason: string | undefined;
        try {
          await handle.result();
        } catch (err) {
          reason = err instanceof WorkflowFailedError ? (err.cause?.message ?? err.message) : undefined;
        }
        return fallback(statusForAbnormalClose(info.status.name), reason);
      }
    }
  }

  async function update<R>(ref: ExecutionRef, run: () => Promise<R>): Promise<R> {
    if (!ref.running) throw conflict(`execution ${ref.id} is not running`);
    try {
      return await client.withDeadline(Date.now() + updateTimeoutMs, run);
    } catch (err) {
      throw updateFailureToApiError(err, ref.id) ?? err;
    }
  }

  const handleOf = (ref: ExecutionRef) => client.workflow.getHandle(ref.id);

  return {
    async start({ config, trigger, idempotencyKey, authentication }) {
      const id = idempotencyKey ? idempotentExecutionId(config.application, config.id, idempotencyKey) : newUlid();
      const input: PipelineWorkflowInput = { config, trigger, ...(authentication ? { authentication } : {}), buildTime: Date.now() };
      const value = (name: string) =>
        ({
          [SearchAttribute.application]: config.application,
          [SearchAttribute.pipelineName]: config.name,
          [SearchAttribute.pipelineConfigId]: config.id,
          [SearchAttribute.triggerType]: trigger.type,
          // The workflow upserts RUNNING when it starts its first stage (or waits first under limitConcurrent).
          [SearchAttribute.status]: 'NOT_STARTED',
        })[name] as string;
      try {
        await client.workflow.start(PIPELINE_WORKFLOW_TYPE, {
          taskQueue,
          workflowId: id,
          args: [input],
          typedSearchAttributes: attributeKeys.map(({ name, key }) => ({ key, value: value(name) })),
          staticSummary: `${config.application} / ${config.name}`,
          staticDetails: `Pipeline config \`${config.id}\`, triggered (${trigger.type}) by **${trigger.user}**`,
          // A keyed start must never run twice, not even after the first run finished.
          ...(idempotencyKey ? { workflowIdReusePolicy: 'REJECT_DUPLICATE' as const } : {}),
        });
        return { id, alreadyStarted: false };
      } catch (err) {
        if (idempotencyKey && err instanceof WorkflowExecutionAlreadyStartedError) return { id, alreadyStarted: true };
        throw err;
      }
    },

    async get(id) {
      const cached = closed.get(id);
      if (cached) return cached;
      const description = await describe(id);
      return description ? read(description) : null;
    },

    async ref(id) {
      const description = await describe(id);
      if (!description) return null;
      const run = runSummary(description);
      return {
        id,
        application: run.attributes[SearchAttribute.application] ?? '',
        running: description.status.name === 'RUNNING',
        temporalStatus: description.status.name,
      };
    },

    async getMany(ids) {
      const docs = await mapBounded([...new Set(ids)], listConcurrency, (id) => this.get(id));
      return docs.filter((doc): doc is PipelineExecution => doc !== null).sort(newestFirst);
    },

    async list(request) {
      const infos: WorkflowExecutionInfo[] = [];
      const seen = new Set<string>();
      for await (const info of client.workflow.list({ query: executionListQuery(request) })) {
        if (seen.has(info.workflowId)) continue;
        seen.add(info.workflowId);
        infos.push(info);
        if (infos.length >= maxScan) break;
      }
      // Visibility has no ORDER BY here: order by start time, then keep the newest per config.
      infos.sort((a, b) => b.startTime.getTime() - a.startTime.getTime());
      const perConfig = new Map<string, number>();
      const chosen = infos.filter((info) => {
        const configId = runSummary(info).attributes[SearchAttribute.pipelineConfigId] ?? '';
        const count = perConfig.get(configId) ?? 0;
        perConfig.set(configId, count + 1);
        return count < request.limitPerConfig;
      });
      const docs = await mapBounded(chosen, listConcurrency, read);
      const statuses = request.statuses?.length ? new Set(request.statuses) : undefined;
      return docs.filter((doc) => !statuses || statuses.has(doc.status)).sort(newestFirst);
    },

    async cancel(ref, input) {
      if (!ref.running) {
        const current = await this.get(ref.id);
        if (current) return current;
      }
      try {
        return await update(ref, () => handleOf(ref).executeUpdate(cancelUpdate, { args: [input] }));
      } catch (err) {
        // Already final but still running its end-of-run activities (pipeline triggers): answer it as it is.
        const current = err instanceof ApiError && err.status === 409 ? await this.get(ref.id) : null;
        if (current && COMPLETED_STATUSES.includes(current.status)) return current;
        throw err;
      }
    },

    pause(ref, input) {
      return update(ref, () => handleOf(ref).executeUpdate(pauseUpdate, { args: [input] }));
    },

    resume(ref, input) {
      return update(ref, () => handleOf(ref).executeUpdate(resumeUpdate, { args: [input] }));
    },

    async patchStage(ref, input) {
      await update(ref, () => handleOf(ref).executeUpdate(patchStageUpdate, { args: [input] }));
      const current = await this.get(ref.id);
      if (!current) throw conflict(`execution ${ref.id} disappeared`);
      return current;
    },
  };
}
