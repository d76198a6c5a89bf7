/**
 * The `pipeline` stage checks, at run time, that the execution's user may still EXECUTE the child's
 * application (application permissions read from PostgreSQL by the worker's permission activity).
 * Real Temporal server, worker and database; executions started directly with an `authentication`.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { createApplicationStore } from '../../prisma/application-store';
import { createPrismaClient, type PrismaClient } from '../../prisma/client';
import { createPipelineStore } from '../../prisma/pipeline-store';
import type { Authentication } from '../../workflows/model/authentication';
import type { PipelineExecution } from '../../workflows/model/execution';
import type { PipelineConfig } from '../../workflows/model/pipeline';
import type { PipelineWorkflowInput } from '../../workflows/model/workflow-input';
import { testEnv } from '../helpers/env';
import { pipelineConfig, stage } from '../helpers/pipelines';
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

async function run(client: Client, taskQueue: string, config: PipelineConfig, authentication?: Authentication): Promise<PipelineExecution> {
  const input: PipelineWorkflowInput = { config, trigger: { type: 'manual', user: authentication?.user ?? 'tester', parameters: {} }, ...(authentication ? { authentication } : {}), buildTime: Date.now() };
  const handle = await client.workflow.start('pipelineWorkflow', { taskQueue, workflowId: `perm-${randomUUID()}`, args: [input] });
  return (await handle.result()) as PipelineExecution;
}

async function exists(client: Client, workflowId: string): Promise<boolean> {
  try {
    await client.workflow.getHandle(workflowId).describe();
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

describe('pipeline stage: run-time EXECUTE check on the child application', () => {
  const locked = `locked-${randomUUID().slice(0, 8)}`;
  const open = `open-${randomUUID().slice(0, 8)}`;
  let lockedChild: PipelineConfig;
  let openRelay: PipelineConfig;

  before(async () => {
    const applications = createApplicationStore(prisma);
    await applications.upsert(locked, { permissions: { READ: ['ops', 'dev'], EXECUTE: ['ops'] } });
    await applications.upsert(open, {});
    const pipelines = createPipelineStore(prisma);
    lockedChild = await pipelines.save(pipelineConfig([{ refId: '1', type: 'noop', name: 'Noop' }], { application: locked }));
    // A pipeline of an unrestricted application that itself runs the locked one: the check must follow the chain.
    openRelay = await pipelines.save(pipelineConfig([{ refId: 'r', type: 'pipeline', name: 'Relay', pipeline: lockedChild.id }], { application: open }));
  });

  const parent = (target: () => PipelineConfig) => pipelineConfig([{ refId: 'p', type: 'pipeline', name: 'Run child', pipeline: target().id }], { application: open });

  const cases: { name: string; authentication?: Authentication; target: () => PipelineConfig; status: string; error?: RegExp }[] = [
    { name: 'no authentication (open API): allowed, as before', target: () => lockedChild, status: 'SUCCEEDED' },
    { name: 'a user with an EXECUTE role: allowed', authentication: { user: 'olga', roles: ['OPS'] }, target: () => lockedChild, status: 'SUCCEEDED' },
    { name: 'an admin without roles: allowed', authentication: { user: 'root', roles: [], admin: true }, target: () => lockedChild, status: 'SUCCEEDED' },
    {
      name: 'a user with READ but not EXECUTE: TERMINAL, no child',
      authentication: { user: 'dora', roles: ['dev'] },
      target: () => lockedChild,
      status: 'TERMINAL',
      error: /^dora lacks EXECUTE permission on application 'locked-[0-9a-f]+', needed for stage 'Run child' to run pipeline config '[0-9a-f-]+'$/,
    },
    {
      name: 'through a child of an unrestricted application: the grandchild is refused',
      authentication: { user: 'dora', roles: ['dev'] },
      target: () => openRelay,
      status: 'TERMINAL',
      error: /ended TERMINAL/,
    },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const done = await run(worker.client, worker.taskQueue, parent(c.target), c.authentication);
      assert.equal(done.status, c.status, JSON.stringify(done.stages));
      assert.deepEqual(done.authentication, c.authentication);
      const childId = `${done.id}-p`;
      if (c.status === 'SUCCEEDED') {
        assert.equal(await exists(worker.client, childId), true);
        return;
      }
      assert.match(stage(done, 'p').exception!.details.error, c.error!);
      if (c.target() === lockedChild) {
        assert.equal(await exists(worker.client, childId), false, 'the child never started');
        return;
      }
      const relay = (await worker.client.workflow.getHandle(childId).result()) as PipelineExecution;
      assert.deepEqual(relay.authentication, c.authentication, 'the child runs as the parent user');
      assert.match(stage(relay, 'r').exception!.details.error, /^dora lacks EXECUTE permission on application 'locked-/);
      assert.equal(await exists(worker.client, `${childId}-r`), false, 'the grandchild never started');
    });
  }

  it('a worker without an application store refuses (fails closed) for an authenticated execution', async () => {
    const configs = new Map([[lockedChild.id, lockedChild]]);
    const bare = await startTestWorker({
      pipelineConfigs: { getPipelineConfigById: async (id) => configs.get(id) ?? null },
      canaryConfigs: { getCanaryConfig: async () => null },
    });
    try {
      const done = await run(bare.client, bare.taskQueue, parent(() => lockedChild), { user: 'olga', roles: ['ops'] });
      assert.equal(done.status, 'TERMINAL');
      assert.match(stage(done, 'p').exception!.details.error, /this worker has no application store/);
    } finally {
      await bare.shutdown();
    }
  });
});
