import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, DefaultLogger } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import type { CanaryConfigSource } from '../../activities/canary/types';
import type { KubernetesDeps } from '../../activities/cloud/kubernetes-activities';
import type { MetricProviders } from '../../activities/metrics/types';
import type { PipelineConfigSource } from '../../activities/pipeline-activities';
import type { WebhookDeps } from '../../activities/webhook/webhook-activities';
import { createApplicationStore } from '../../prisma/application-store';
import { createCanaryConfigStore } from '../../prisma/canary-config-store';
import { createPrismaClient } from '../../prisma/client';
import { createPipelineStore } from '../../prisma/pipeline-store';
import { createPipelineTriggerQuery } from '../../prisma/pipeline-trigger-query';
import { createWorker } from '../../worker/create-worker';
import { testEnv } from './env';

let runtimeInstalled = false;
function quietRuntime() {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('ERROR') });
}

export interface TestWorker {
  taskQueue: string;
  client: Client;
  shutdown(): Promise<void>;
}

/**
 * Runs a real Gennaker worker in this process on a fresh task queue against the run's Temporal
 * server, with the workflow bundle built once per run.
 */
export async function startTestWorker(
  options: { pipelineConfigs?: PipelineConfigSource; canaryConfigs?: CanaryConfigSource; taskQueue?: string; metrics?: MetricProviders; kubernetes?: KubernetesDeps; webhook?: WebhookDeps } = {},
): Promise<TestWorker> {
  quietRuntime();
  const env = testEnv();
  const taskQueue = options.taskQueue ?? `test-${randomUUID()}`;
  const nativeConnection = await NativeConnection.connect({ address: env.temporalAddress });
  // Pipeline and canary configs come from the run's real database, as in production.
  const prisma = options.pipelineConfigs && options.canaryConfigs ? undefined : createPrismaClient(env.databaseUrl, { maxConnections: 2 });
  const store = prisma && createPipelineStore(prisma);
  const canaryStore = prisma && createCanaryConfigStore(prisma);
  const applications = prisma && createApplicationStore(prisma);
  const triggerQuery = prisma && createPipelineTriggerQuery(prisma);
  const connection = await Connection.connect({ address: env.temporalAddress });
  const client = new Client({ connection, namespace: env.namespace });
  const worker = await createWorker({
    connection: nativeConnection,
    namespace: env.namespace,
    taskQueue,
    workflowBundlePath: env.workflowBundle,
    deps: {
      pipelineConfigs: options.pipelineConfigs ?? { getPipelineConfigById: (id) => store!.getById(id) },
      webhook: options.webhook ?? { allowLinkLocal: false },
      metrics: options.metrics,
      kubernetes: options.kubernetes,
      canaryConfigs: options.canaryConfigs ?? { getCanaryConfig: (id) => canaryStore!.get(id) },
      // Application permissions for run-time checks come from the run's database too.
      applications: applications && { getApplicationPermissions: async (name) => (await applications.get(name))?.attributes.permissions },
      pipelineTriggers: triggerQuery && { client, triggeredBy: (id) => triggerQuery.triggeredBy(id) },
    },
  });
  const running = worker.run();
  return {
    taskQueue,
    client,
    async shutdown() {
      worker.shutdown();
      await running;
      await nativeConnection.close();
      await prisma?.$disconnect();
      await connection.close();
    },
  };
}
