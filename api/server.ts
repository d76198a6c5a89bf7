/**
 * The API process: parse the configuration, open one Prisma client and one Temporal connection,
 * serve `createApp` and close everything on SIGINT/SIGTERM.
 *
 *   DATABASE_URL=postgresql://… npm run api
 */
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { createAccountStore } from '../prisma/account-store';
import { createApplicationStore } from '../prisma/application-store';
import { createCanaryConfigStore } from '../prisma/canary-config-store';
import { createPrismaClient } from '../prisma/client';
import { createPipelineStore } from '../prisma/pipeline-store';
import { createPipelineTriggerQuery } from '../prisma/pipeline-trigger-query';
import { createTaskStore } from '../prisma/task-store';
import { version } from '../package.json';
import { createApp } from './app';
import { authEnabled } from './auth';
import { ConfigError, parseApiConfig } from './config';
import { createCronReconciler } from './cron/reconciler';
import { startCronSweep } from './cron/sweep';
import { parseSlackInteractionConfig } from './slack/config';
import type { Logger } from './logger';
import { createCanaryExecutionService } from './temporal/canary-executions';
import { createExecutionService } from './temporal/execution-service';

const logger: Logger = {
  info: (message, fields) => console.log(JSON.stringify({ level: 'info', message, ...fields })),
  error: (message, fields) => console.error(JSON.stringify({ level: 'error', message, ...fields })),
};

async function main(): Promise<void> {
  const config = parseApiConfig(process.env);
  const slack = parseSlackInteractionConfig(process.env);
  const prisma = createPrismaClient(config.databaseUrl);
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });

  const temporal = { client, namespace: config.temporal.namespace, taskQueue: config.temporal.taskQueue };
  const pipelines = createPipelineStore(prisma);
  const cron = createCronReconciler({ client, taskQueue: temporal.taskQueue, pipelines, triggers: createPipelineTriggerQuery(prisma) });
  const app = createApp({
    applications: createApplicationStore(prisma),
    pipelines,
    cron,
    tasks: createTaskStore(prisma),
    executions: createExecutionService(temporal),
    canaryConfigs: createCanaryConfigStore(prisma),
    canaries: createCanaryExecutionService(temporal),
    accounts: createAccountStore(prisma),
    auth: config.auth,
    slack,
    version,
    logger,
  });

  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(config.port, config.host ?? '0.0.0.0', (err?: Error) =>
      err ? reject(err) : resolve(listening),
    );
  });
  logger.info(`Gennaker API listening on http://localhost:${config.port}`, {
    temporal: config.temporal.address,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    auth: authEnabled(config.auth) ? 'on' : 'off (open API)',
  });

  const stopCronSweep = startCronSweep(cron, logger);

  const shutdown = async (signal: string) => {
    logger.info(`${signal}: shutting down`);
    stopCronSweep();
    server.close();
    server.closeAllConnections();
    await Promise.allSettled([prisma.$disconnect(), connection.close()]);
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
