/**
 * An in-process worker with notification channel settings, whose log lines (the activity logger's
 * included) are captured so tests can search them, e.g. for leaked secrets.
 */
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type LogEntry } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import type { NotificationSettings } from '../../activities/notifications/types';
import { createWorker } from '../../worker/create-worker';
import { testEnv } from './env';

/** Every log entry of this process's Temporal runtime (installed once per test file). */
export const capturedLogs: LogEntry[] = [];
let installed = false;

export function installCapturingRuntime(): void {
  if (installed) return;
  installed = true;
  Runtime.install({ logger: new DefaultLogger('DEBUG', (entry) => capturedLogs.push(entry)) });
}

/** The captured log as text: messages and their fields. */
export function logText(): string {
  return capturedLogs.map((e) => `${e.level} ${e.message} ${JSON.stringify(e.meta ?? {})}`).join('\n');
}

export interface NotificationWorker {
  taskQueue: string;
  client: Client;
  shutdown(): Promise<void>;
}

export async function startNotificationWorker(notifications: NotificationSettings): Promise<NotificationWorker> {
  installCapturingRuntime();
  const env = testEnv();
  const taskQueue = `notify-${randomUUID()}`;
  const nativeConnection = await NativeConnection.connect({ address: env.temporalAddress });
  const worker = await createWorker({
    connection: nativeConnection,
    namespace: env.namespace,
    taskQueue,
    workflowBundlePath: env.workflowBundle,
    deps: {
      pipelineConfigs: { getPipelineConfigById: async () => null },
      webhook: { allowLinkLocal: false },
      notifications,
    },
  });
  const running = worker.run();
  const connection = await Connection.connect({ address: env.temporalAddress });
  const client = new Client({ connection, namespace: env.namespace });
  return {
    taskQueue,
    client,
    async shutdown() {
      worker.shutdown();
      await running;
      await nativeConnection.close();
      await connection.close();
    },
  };
}
