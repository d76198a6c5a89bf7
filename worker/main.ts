/**
 * The worker process (`npm run worker`): runs pipeline workflows, one-off canary executions and
 * their activities. Stateless; start as many as you like on the same task queue.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createMetricProviders } from '../activities/metrics/factory';
import { notificationSettings } from '../activities/notifications/settings';
import { createAccountSource } from '../prisma/account-store';
import { createApplicationStore } from '../prisma/application-store';
import { createCanaryConfigStore } from '../prisma/canary-config-store';
import { createPipelineStore } from '../prisma/pipeline-store';
import { createPrismaClient } from '../prisma/client';
import { createPipelineTriggerQuery } from '../prisma/pipeline-trigger-query';
import { parseWorkerConfig, webhookSettings } from './config';
import { createWorker } from './create-worker';
import { CLEANUP_DEADLINE_MS, cleanupWithin, exitWhenWorkerStopsItself } from './exit-when-stopped';

const logError = (message: string) => console.error(message);

/** Runs the worker; resolves with the exit code (0 only after a requested stop). */
async function main(): Promise<number> {
  const config = parseWorkerConfig(process.env);
  const prisma = createPrismaClient(config.DATABASE_URL);
  const pipelines = createPipelineStore(prisma);
  const canaryConfigs = createCanaryConfigStore(prisma);
  const applications = createApplicationStore(prisma);
  const metrics = createMetricProviders(config.GENNAKER_METRICS_ACCOUNTS);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  // Pipeline-completion triggers start downstream executions with a client of their own.
  const clientConnection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const triggerQuery = createPipelineTriggerQuery(prisma);
  const worker = await createWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    workflowBundlePath: config.GENNAKER_WORKFLOW_BUNDLE,
    deps: {
      pipelineConfigs: { getPipelineConfigById: (id) => pipelines.getById(id) },
      webhook: webhookSettings(config),
      metrics,
      canaryConfigs: { getCanaryConfig: (id) => canaryConfigs.get(id) },
      // Deploy accounts managed through the API's /credentials, read at each connection.
      kubernetes: { accounts: createAccountSource(prisma) },
      applications: { getApplicationPermissions: async (name) => (await applications.get(name))?.attributes.permissions },
      pipelineTriggers: {
        client: new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE }),
        triggeredBy: (id) => triggerQuery.triggeredBy(id),
      },
      notifications: notificationSettings(config, webhookSettings(config)),
    },
  });
  let stopRequested = false;
  const stop = () => {
    stopRequested = true;
    // The SDK's runtime also shuts the worker down on these signals; whichever runs first wins.
    if (worker.getState() === 'RUNNING') worker.shutdown();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const unwatch = exitWhenWorkerStopsItself(worker, () => stopRequested, logError);
  const accounts = metrics.accounts().map((a) => `${a.name} (${a.type})`).join(', ');
  console.log(`gennaker worker polling task queue '${config.TEMPORAL_TASK_QUEUE}' on ${config.TEMPORAL_ADDRESS}; metrics accounts: ${accounts}`);
  let code = 0;
  try {
    await worker.run();
  } catch (err) {
    logError(`worker failed: ${err instanceof Error ? err.message : String(err)}`);
    code = 1;
  }
  unwatch();
  // A worker that ended without being asked to stopped polling: never report that as success.
  if (!stopRequested) code = 1;
  await cleanupWithin(CLEANUP_DEADLINE_MS, () => Promise.all([connection.close(), clientConnection.close(), prisma.$disconnect()]), logError);
  return code;
}

// Exit explicitly: pools and timers must not keep a worker that no longer polls alive.
main().then(
  (code) => process.exit(code),
  (err) => {
    logError(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
