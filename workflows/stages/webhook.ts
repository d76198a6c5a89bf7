import { proxyActivities, sleep, type RetryPolicy } from '@temporalio/workflow';
import { z } from 'zod';
import type { Activities } from '../../activities';
import type { WebhookResponse } from '../../activities/webhook/types';
import { NON_RETRYABLE_ERROR_TYPES } from '../model/error-types';
import type { StageDefinition } from './types';
import { StageFailure } from './types';

const statusList = z.union([z.string(), z.array(z.string())]).optional();

const schema = z
  .object({
    url: z.string().min(1, 'url is required'),
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'get', 'post', 'put', 'patch', 'delete', 'head']).optional(),
    customHeaders: z.record(z.union([z.string(), z.array(z.string())])).optional(),
    payload: z.unknown().optional(),
    waitForCompletion: z.boolean().optional(),
    statusUrlResolution: z.enum(['getMethod', 'locationHeader', 'webhookResponse']).optional(),
    statusUrlJsonPath: z.string().optional(),
    statusJsonPath: z.string().optional(),
    progressJsonPath: z.string().optional(),
    successStatuses: statusList,
    canceledStatuses: statusList,
    terminalStatuses: statusList,
    retryStatusCodes: z.array(z.number().int()).optional(),
    waitBeforeMonitor: z.union([z.number().nonnegative(), z.string()]).optional(),
    /** Gennaker extension: seconds between status polls (default 5). */
    pollIntervalSeconds: z.number().positive().optional(),
  })
  .passthrough()
  .superRefine((v, ctx) => {
    if (v.waitForCompletion && !v.statusJsonPath) {
      ctx.addIssue({ code: 'custom', path: ['statusJsonPath'], message: 'statusJsonPath is required with waitForCompletion' });
    }
    if (v.waitForCompletion && v.statusUrlResolution === 'webhookResponse' && !v.statusUrlJsonPath) {
      ctx.addIssue({ code: 'custom', path: ['statusUrlJsonPath'], message: "statusUrlJsonPath is required with statusUrlResolution 'webhookResponse'" });
    }
  });

type WebhookConfig = z.infer<typeof schema>;

function statuses(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : value.split(',')).map((s) => s.trim()).filter(Boolean);
}

const retry: RetryPolicy = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', nonRetryableErrorTypes: NON_RETRYABLE_ERROR_TYPES };

function activities() {
  return proxyActivities<Activities>({ startToCloseTimeout: '60s', retry: { ...retry, maximumAttempts: 8 } });
}

function monitorActivities() {
  // Polling can last as long as the stage; the heartbeat timeout notices a dead worker quickly.
  return proxyActivities<Activities>({ startToCloseTimeout: '30 days', heartbeatTimeout: '10s', retry });
}

function statusUrl(config: WebhookConfig, response: WebhookResponse): string {
  switch (config.statusUrlResolution ?? 'getMethod') {
    case 'locationHeader': {
      const location = response.headers.location;
      if (!location) throw new StageFailure('statusUrlResolution is locationHeader but the response has no Location header');
      return new URL(location, config.url).toString();
    }
    case 'webhookResponse': {
      const value = readPath(response.body, config.statusUrlJsonPath ?? '');
      if (typeof value !== 'string' || !value) throw new StageFailure(`no status URL at '${config.statusUrlJsonPath}' in the webhook response`);
      return new URL(value, config.url).toString();
    }
    default:
      return config.url;
  }
}

/** Minimal `$.a.b[0]` reader (the sandbox cannot import the activity-side helper as a value). */
function readPath(value: unknown, path: string): unknown {
  const parts = path.replace(/^\$\.?/, '').split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== '');
  let current = value;
  for (const part of parts) {
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/**
 * `webhook`: calls a URL (retrying 5xx with backoff), optionally polls a status URL until the job
 * it started reports success, cancellation or a terminal status. The response lands in
 * `context.webhook{statusCode, body, headers, monitor}`.
 */
export const webhookStage: StageDefinition = {
  type: 'webhook',
  schema,
  async run({ stage, config, execution, setWaitingFor }) {
    const c = config as WebhookConfig;
    const method = (c.method ?? 'POST').toUpperCase();
    setWaitingFor(`Webhook '${stage.name}': ${method} ${c.url}`);
    const response = await activities().webhookSend({
      url: c.url,
      method,
      customHeaders: c.customHeaders,
      payload: c.payload,
      retryStatusCodes: c.retryStatusCodes,
      idempotencyKey: `${execution.id}:${stage.id}`,
    });
    stage.context.webhook = { statusCode: response.statusCode, body: response.body, headers: response.headers };
    if (!c.waitForCompletion) return { outputs: { webhook: stage.context.webhook } };

    const waitBefore = Number(c.waitBeforeMonitor ?? 0);
    if (waitBefore > 0) await sleep(waitBefore * 1000);
    const monitorUrl = statusUrl(c, response);
    setWaitingFor(`Webhook '${stage.name}': polling ${monitorUrl}`);
    const monitor = await monitorActivities().webhookMonitor({
      statusUrl: monitorUrl,
      customHeaders: c.customHeaders,
      statusJsonPath: c.statusJsonPath ?? '',
      progressJsonPath: c.progressJsonPath,
      successStatuses: statuses(c.successStatuses),
      canceledStatuses: statuses(c.canceledStatuses),
      terminalStatuses: statuses(c.terminalStatuses),
      retryStatusCodes: c.retryStatusCodes,
      pollIntervalMs: (c.pollIntervalSeconds ?? 5) * 1000,
    });
    stage.context.webhook = { ...(stage.context.webhook as object), monitor };
    return { outputs: { webhook: stage.context.webhook } };
  },
};
