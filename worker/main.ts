/**
 * The worker process (`npm run worker`): runs pipeline workflows, one-off canary executions and
 * their activities. Stateless; start as many as you like on the same task queue.
 */
import { NativeConnection } from '@temporalio/worker';
import { createMetricProviders } from '../activities/metrics/factory';
import { notificationSettings } from '../activities/notifications/settings';
import { createAccountSource } from '../prisma/account-store';
import { createCanaryConfigStore } from '../prisma/canary-config-store';
import { createPipelineStore } from '../prisma/pipeline-store';
import { createPrismaClient } from '../prisma/client';
import { parseWorkerConfig } from './config';
import { createWorker } from './create-worker';

async function main(): Promise<void> {
  const config = parseWorkerConfig(process.env);
  const prisma = createPrismaClient(config.DATABASE_URL);
  const pipelines = createPipelineStore(prisma);
  const canaryConfigs = createCanaryConfigStore(prisma);
  const metrics = createMetricProviders(config.GENNAKER_METRICS_ACCOUNTS);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const worker = await createWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    workflowBundlePath: config.GENNAKER_WORKFLOW_BUNDLE,
    deps: {
      pipelineConfigs: { getPipelineConfigById: (id) => pipelines.getById(id) },
      webhook: { allowLinkLocal: config.GENNAKER_WEBHOOK_ALLOW_LINK_LOCAL },
      metrics,
      canaryConfigs: { getCanaryConfig: (id) => canaryConfigs.get(id) },
      // Deploy accounts managed through the API's /credentials, read at each connection.
      kubernetes: { accounts: createAccountSource(prisma) },
      notifications: notificationSettings(config, config.GENNAKER_WEBHOOK_ALLOW_LINK_LOCAL),
    },
  });
  const stop = () => worker.shutdown();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const accounts = metrics.accounts().map((a) => `${a.name} (${a.type})`).join(', ');
  console.log(`gennaker worker polling task queue '${config.TEMPORAL_TASK_QUEUE}' on ${config.TEMPORAL_ADDRESS}; metrics accounts: ${accounts}`);
  try {
    await worker.run();
  } finally {
    await connection.close();
    await prisma.$disconnect();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
