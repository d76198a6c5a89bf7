/**
 * Runs the real API (createApp) on an ephemeral port against the test run's PostgreSQL
 * (DATABASE_URL, already migrated) and Temporal dev server (TEMPORAL_ADDRESS), and talks to it
 * with fetch.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../../../api/app';
import type { AuthSettings } from '../../../api/auth';
import { createCronReconciler } from '../../../api/cron/reconciler';
import type { Logger } from '../../../api/logger';
import { createCanaryExecutionService } from '../../../api/temporal/canary-executions';
import { createExecutionService } from '../../../api/temporal/execution-service';
import { createAccountStore } from '../../../prisma/account-store';
import { createApplicationStore } from '../../../prisma/application-store';
import { createCanaryConfigStore } from '../../../prisma/canary-config-store';
import { createPrismaClient, type PrismaClient } from '../../../prisma/client';
import { createPipelineStore } from '../../../prisma/pipeline-store';
import { createPipelineTriggerQuery } from '../../../prisma/pipeline-trigger-query';
import { createTaskStore } from '../../../prisma/task-store';

/** A parsed JSON body; tests assert on it field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonBody = any;

export interface ApiResponse<T = JsonBody> {
  status: number;
  contentType: string | null;
  body: T;
}

export interface ApiHarness {
  baseUrl: string;
  prisma: PrismaClient;
  temporal: Client;
  /** Unexpected errors the app logged (a 500 would show here). */
  loggedErrors: string[];
  /** Every line the app logged at info level, with its fields. */
  loggedInfo: string[];
  request<T = JsonBody>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  auth?: AuthSettings;
  /** Task queue new executions are started on (a test worker's, or one nobody polls). */
  taskQueue?: string;
  updateTimeoutMs?: number;
  /**
   * Reconcile cron Schedules on pipeline writes (off by default: a reconcile re-targets every
   * Schedule at this harness's task queue, which would disturb other files' cron tests).
   */
  cron?: boolean;
  /** The Temporal client cron reconciles use (default: the harness's own), e.g. one that cannot connect. */
  cronTemporal?: Client;
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the API tests through npm test`);
  return value;
}

/** A name no other test (or earlier run) uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Polls `check` until it returns a value that is not undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function startApi(options: HarnessOptions = {}): Promise<ApiHarness> {
  const prisma = createPrismaClient(requiredEnv('DATABASE_URL'));
  const connection = await Connection.connect({ address: requiredEnv('TEMPORAL_ADDRESS') });
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
  const temporal = new Client({ connection, namespace });
  const loggedErrors: string[] = [];
  const loggedInfo: string[] = [];
  const logger: Logger = {
    info: (message, fields) => loggedInfo.push(`${message} ${JSON.stringify(fields)}`),
    error: (message, fields) => loggedErrors.push(`${message} ${JSON.stringify(fields)}`),
  };
  const taskQueue = options.taskQueue ?? uniqueName('no-worker');
  const pipelines = createPipelineStore(prisma);
  const app = createApp({
    applications: createApplicationStore(prisma),
    pipelines,
    cron: options.cron ? createCronReconciler({ client: options.cronTemporal ?? temporal, taskQueue, pipelines, triggers: createPipelineTriggerQuery(prisma) }) : undefined,
    tasks: createTaskStore(prisma),
    executions: createExecutionService({
      client: temporal,
      namespace,
      taskQueue,
      updateTimeoutMs: options.updateTimeoutMs,
    }),
    canaryConfigs: createCanaryConfigStore(prisma),
    canaries: createCanaryExecutionService({ client: temporal, namespace, taskQueue }),
    accounts: createAccountStore(prisma),
    auth: options.auth,
    version: 'test',
    logger,
  });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    baseUrl,
    prisma,
    temporal,
    loggedErrors,
    loggedInfo,
    async request(method, path, body, headers = {}) {
      const init: RequestInit = { method, headers: { ...headers } };
      if (body !== undefined) {
        init.body = typeof body === 'string' ? body : JSON.stringify(body);
        (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
      }
      const res = await fetch(baseUrl + path, init);
      const text = await res.text();
      const contentType = res.headers.get('content-type');
      return { status: res.status, contentType, body: text ? JSON.parse(text) : undefined };
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await Promise.allSettled([prisma.$disconnect(), connection.close()]);
    },
  };
}
