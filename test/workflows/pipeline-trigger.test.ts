/**
 * Pipeline-completion triggers on a real Temporal server and PostgreSQL: the finishing workflow
 * starts the downstream pipelines stored in the database, once each.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { firePipelineTriggers, triggeredExecutionId } from '../../activities/pipeline-trigger-activities';
import { createPrismaClient, type PrismaClient } from '../../prisma/client';
import { createPipelineStore, type PipelineStore } from '../../prisma/pipeline-store';
import { createPipelineTriggerQuery } from '../../prisma/pipeline-trigger-query';
import type { ExecutionWithTriggers } from '../../workflows/engine/fire-pipeline-triggers';
import { cancelUpdate } from '../../workflows/messages';
import type { PipelineExecution } from '../../workflows/model/execution';
import { MAX_PIPELINE_TRIGGER_DEPTH } from '../../workflows/model/pipeline-trigger';
import type { PipelineConfig, StageConfig } from '../../workflows/model/pipeline';
import { testEnv } from '../helpers/env';
import { pipelineConfig, result, startPipeline, waitForStageRunning } from '../helpers/pipelines';
import { startTestWorker, type TestWorker } from '../helpers/worker';

let worker: TestWorker;
let prisma: PrismaClient;
let store: PipelineStore;
before(async () => {
  worker = await startTestWorker();
  prisma = createPrismaClient(testEnv().databaseUrl, { maxConnections: 2 });
  store = createPipelineStore(prisma);
});
after(async () => {
  await worker.shutdown();
  await prisma.$disconnect();
});

const NOOP: StageConfig[] = [{ refId: '1', type: 'noop', name: 'Noop' }];
const FAIL: StageConfig[] = [{ refId: '1', type: 'checkPreconditions', name: 'Gate', preconditions: [{ type: 'expression', context: { expression: false } }] }];
const WAIT: StageConfig[] = [{ refId: '1', type: 'wait', name: 'Long wait', waitTime: 600 }];

/** Saves a downstream pipeline triggered by `upstream` ending in one of `status`. */
async function downstream(upstream: PipelineConfig, status: string[], extra: Partial<PipelineConfig> = {}, trigger: Record<string, unknown> = {}) {
  return store.save(
    pipelineConfig(NOOP, {
      parameterConfig: [{ name: 'region', default: 'eu-west-1' }],
      triggers: [{ type: 'pipeline', enabled: true, application: upstream.application, pipeline: upstream.id, status, ...trigger }],
      ...extra,
    }),
  );
}

const triggered = (upstream: PipelineExecution, config: PipelineConfig) =>
  result(worker.client.workflow.getHandle(triggeredExecutionId(upstream.id, config.id)));

describe('pipeline-completion triggers', () => {
  it('a successful end starts the pipelines listening for "successful", once each, with the parent execution', async () => {
    const upstream = await store.save(pipelineConfig(NOOP));
    const onSuccess = await downstream(upstream, ['successful']);
    const onAny = await downstream(upstream, ['successful', 'failed', 'canceled'], {}, { runAsUser: 'release-bot' });
    const onFailure = await downstream(upstream, ['failed']);
    const disabledTrigger = await downstream(upstream, ['successful'], {}, { enabled: false });
    const disabledPipeline = await downstream(upstream, ['successful'], { disabled: true });
    const otherApplication = await downstream(upstream, ['successful'], {}, { application: 'someone-else' });

    const done = (await result(await startPipeline(worker.client, worker.taskQueue, upstream))) as ExecutionWithTriggers;
    assert.equal(done.status, 'SUCCEEDED');
    const outcomes = new Map(done.triggeredPipelines?.map((o) => [o.pipelineConfigId, o]));
    assert.deepEqual([...outcomes.keys()].sort(), [onSuccess.id, onAny.id, disabledPipeline.id].sort());
    assert.equal(outcomes.get(onSuccess.id)?.executionId, triggeredExecutionId(done.id, onSuccess.id));
    assert.deepEqual(outcomes.get(disabledPipeline.id), {
      application: disabledPipeline.application, name: disabledPipeline.name, pipelineConfigId: disabledPipeline.id, started: false, reason: 'pipeline is disabled',
    });

    const child = await triggered(done, onSuccess);
    assert.equal(child.status, 'SUCCEEDED');
    assert.equal(child.trigger.type, 'pipeline');
    assert.equal(child.trigger.user, 'tester');
    assert.deepEqual(child.trigger.parameters, { region: 'eu-west-1' });
    assert.deepEqual(
      [child.trigger.parentPipelineId, child.trigger.parentPipelineName, child.trigger.parentPipelineApplication, child.trigger.parentStatus],
      [upstream.id, upstream.name, upstream.application, 'SUCCEEDED'],
    );
    const parent = child.trigger.parentExecution as PipelineExecution;
    assert.equal(parent.id, done.id);
    assert.equal(parent.stages[0].status, 'SUCCEEDED');
    assert.equal((parent.stages[0] as unknown as Record<string, unknown>).context, undefined, 'stage contexts are trimmed');
    assert.equal((await triggered(done, onAny)).trigger.user, 'release-bot');

    for (const silent of [onFailure, disabledTrigger, disabledPipeline, otherApplication]) {
      await assert.rejects(worker.client.workflow.getHandle(triggeredExecutionId(done.id, silent.id)).describe(), /not found/i);
    }
  });

  it('a failed end starts only the "failed" listeners, a canceled end only the "canceled" ones', async () => {
    const failing = await store.save(pipelineConfig(FAIL));
    const afterFailure = await downstream(failing, ['failed']);
    const notOnFailure = await downstream(failing, ['successful', 'canceled']);
    const failed = (await result(await startPipeline(worker.client, worker.taskQueue, failing))) as ExecutionWithTriggers;
    assert.equal(failed.status, 'TERMINAL');
    assert.deepEqual(failed.triggeredPipelines?.map((o) => o.pipelineConfigId), [afterFailure.id]);
    assert.equal((await triggered(failed, afterFailure)).trigger.parentStatus, 'TERMINAL');

    const waiting = await store.save(pipelineConfig(WAIT));
    const afterCancel = await downstream(waiting, ['canceled']);
    const notOnCancel = await downstream(waiting, ['successful', 'failed']);
    const handle = await startPipeline(worker.client, worker.taskQueue, waiting);
    await waitForStageRunning(handle, '1');
    await handle.executeUpdate(cancelUpdate, { args: [{ reason: 'enough', user: 'tester' }] });
    const canceled = (await result(handle)) as ExecutionWithTriggers;
    assert.equal(canceled.status, 'CANCELED');
    assert.deepEqual(canceled.triggeredPipelines?.map((o) => o.pipelineConfigId), [afterCancel.id]);
    assert.equal((await triggered(canceled, afterCancel)).status, 'SUCCEEDED');

    for (const [up, silent] of [[failed, notOnFailure], [canceled, notOnCancel]] as const) {
      await assert.rejects(worker.client.workflow.getHandle(triggeredExecutionId(up.id, silent.id)).describe(), /not found/i);
    }
  });

  it('a retried activity finds the execution it started instead of starting a second one', async () => {
    const upstream = await store.save(pipelineConfig(NOOP));
    const target = await downstream(upstream, ['successful']);
    const done = (await result(await startPipeline(worker.client, worker.taskQueue, upstream))) as ExecutionWithTriggers;
    const [first] = done.triggeredPipelines ?? [];
    assert.deepEqual([first?.started, first?.alreadyStarted], [true, false]);
    await triggered(done, target);

    // The same activity body again, as a retry after a lost answer would run it.
    const query = createPipelineTriggerQuery(prisma);
    const retried = await firePipelineTriggers({ client: worker.client, triggeredBy: (id) => query.triggeredBy(id) }, done, worker.taskQueue);
    assert.deepEqual(retried, [{ ...first, alreadyStarted: true }]);
    const runs: string[] = [];
    for await (const info of worker.client.workflow.list({ query: `WorkflowId = '${first!.executionId}'` })) runs.push(info.runId);
    assert.equal(runs.length, 1, 'one run of the downstream execution');
  });

  it(`a pipeline that triggers itself stops after ${MAX_PIPELINE_TRIGGER_DEPTH} triggered executions, saying why`, async () => {
    const base = pipelineConfig(NOOP);
    const loop = await store.save({ ...base, triggers: [{ type: 'pipeline', enabled: true, application: base.application, pipeline: base.id, status: ['successful'] }] });
    let current = (await result(await startPipeline(worker.client, worker.taskQueue, loop))) as ExecutionWithTriggers;
    for (let depth = 1; depth <= MAX_PIPELINE_TRIGGER_DEPTH; depth++) {
      const [outcome] = current.triggeredPipelines ?? [];
      assert.equal(outcome?.started, true, `execution ${depth - 1} started the next: ${JSON.stringify(current.triggeredPipelines)}`);
      current = (await triggered(current, loop)) as ExecutionWithTriggers;
      assert.equal(current.status, 'SUCCEEDED');
    }
    const [stopped] = current.triggeredPipelines ?? [];
    assert.equal(stopped?.started, false);
    assert.match(stopped!.reason!, new RegExp(`chain stopped: .*number ${MAX_PIPELINE_TRIGGER_DEPTH + 1} in a row \\(limit ${MAX_PIPELINE_TRIGGER_DEPTH}\\)`));
    await assert.rejects(worker.client.workflow.getHandle(triggeredExecutionId(current.id, loop.id)).describe(), /not found/i);
  });
});
