import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPrismaClient, type PrismaClient } from '../../prisma/client';
import { createPipelineStore } from '../../prisma/pipeline-store';
import type { PipelineExecution } from '../../workflows/model/execution';
import { testEnv } from '../helpers/env';
import { pipelineConfig, result, stage, startPipeline } from '../helpers/pipelines';
import { startTestWorker, type TestWorker } from '../helpers/worker';

let worker: TestWorker;
let prisma: PrismaClient;
before(async () => {
  worker = await startTestWorker();
  prisma = createPrismaClient(testEnv().databaseUrl, { maxConnections: 2 });
});
after(async () => {
  await worker.shutdown();
  await prisma.$disconnect();
});

describe('pipeline stage (child pipeline)', () => {
  it('runs a stored pipeline as a child execution with its parameters and waits for it', async () => {
    const store = createPipelineStore(prisma);
    const child = await store.save(
      pipelineConfig([{ refId: '1', type: 'checkPreconditions', name: 'Check', preconditions: [{ type: 'expression', context: { expression: "${parameters.env == 'prod'}" } }] }], {
        parameterConfig: [{ name: 'env', required: true }],
      }),
    );
    const parent = pipelineConfig([{ refId: 'p', type: 'pipeline', name: 'Run child', application: child.application, pipeline: child.id, pipelineParameters: { env: '${parameters.target}' } }]);
    const done = await result(await startPipeline(worker.client, worker.taskQueue, parent, { target: 'prod' }));
    assert.equal(done.status, 'SUCCEEDED', JSON.stringify(done.stages));
    const childId = stage(done, 'p').context.executionId as string;
    const childResult = (await worker.client.workflow.getHandle(childId).result()) as PipelineExecution;
    assert.equal(childResult.status, 'SUCCEEDED');
    assert.equal(childResult.trigger.type, 'pipeline');
    assert.equal(childResult.trigger.parameters.env, 'prod');
    assert.equal(childResult.trigger.parentExecutionId, done.id);
  });

  it('fails the stage when the child fails, when the config is missing, or a required parameter is missing', async () => {
    const store = createPipelineStore(prisma);
    const child = await store.save(
      pipelineConfig([{ refId: '1', type: 'checkPreconditions', name: 'Check', preconditions: [{ type: 'expression', context: { expression: false } }] }], {
        parameterConfig: [{ name: 'env', required: true }],
      }),
    );
    const run = async (pipelineId: string, params: Record<string, unknown>) =>
      result(await startPipeline(worker.client, worker.taskQueue, pipelineConfig([{ refId: 'p', type: 'pipeline', name: 'Run child', pipeline: pipelineId, pipelineParameters: params }])));
    const failedChild = await run(child.id, { env: 'qa' });
    assert.match(stage(failedChild, 'p').exception!.details.error, /ended TERMINAL/);
    const missing = await run('no-such-config', {});
    assert.match(stage(missing, 'p').exception!.details.error, /pipeline config 'no-such-config' not found/);
    const noParam = await run(child.id, {});
    assert.match(stage(noParam, 'p').exception!.details.error, /required parameter 'env' is missing/);
  });
});
