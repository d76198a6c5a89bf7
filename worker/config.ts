import { z } from 'zod';
import { Resolver } from 'node:dns/promises';
import { parseCidrList } from '../activities/webhook/address-policy';
import { parseApiAddresses } from '../activities/webhook/api-addresses';
import { metricsAccountSchema, type MetricsAccount } from '../activities/metrics/factory';
import type { WebhookDeps } from '../activities/webhook/webhook-activities';
import { checkNotificationEnv, notificationEnvShape } from '../activities/notifications/settings';
import { DEFAULT_TASK_QUEUE } from '../workflows/model/workflow-input';

const booleanString = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Without configuration the worker answers canary queries from the deterministic synthetic provider. */
export const DEFAULT_METRICS_ACCOUNTS: MetricsAccount[] = [{ name: 'synthetic', type: 'synthetic' }];

const METRICS_ACCOUNTS_EXAMPLE = '[{"name":"prometheus","type":"prometheus","baseUrl":"http://127.0.0.1:9090"}]';

/** `GENNAKER_METRICS_ACCOUNTS`: a JSON array of metrics accounts with unique names. */
const metricsAccountsJson = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be a JSON array of metrics accounts, e.g. ${METRICS_ACCOUNTS_EXAMPLE}` });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .array(metricsAccountSchema, { invalid_type_error: `must be a JSON array of metrics accounts, e.g. ${METRICS_ACCOUNTS_EXAMPLE}` })
      .min(1, 'needs at least one metrics account')
      .superRefine((accounts, ctx) => {
        const seen = new Set<string>();
        accounts.forEach((account, index) => {
          if (seen.has(account.name)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [index, 'name'], message: `'${account.name}' is configured twice` });
          seen.add(account.name);
        });
      }),
  );

/** Empty means unset, as for the API's variables. */
const unsetIfEmpty = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** A comma-separated list parsed by `parse`, whose error message becomes the variable's issue. */
const listOf = <T>(parse: (text: string) => T[]) =>
  z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .optional()
      .transform((text, ctx) => {
        if (text === undefined) return [];
        try {
          return parse(text);
        } catch (err) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: (err as Error).message });
          return z.NEVER;
        }
      }),
  );

/** DNS servers as `Resolver.setServers` takes them (`1.2.3.4`, `1.2.3.4:53`, `[::1]:53`). */
function parseDnsServers(text: string): string[] {
  const servers = text.split(',').map((s) => s.trim()).filter(Boolean);
  try {
    new Resolver().setServers(servers);
  } catch {
    throw new Error(`'${text}' must be DNS server addresses, comma-separated (e.g. 10.0.0.2, 127.0.0.1:5353, [::1]:53)`);
  }
  return servers;
}

const schema = z.object({
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default(DEFAULT_TASK_QUEUE),
  DATABASE_URL: z.string().url({ message: 'DATABASE_URL must be a postgresql:// URL' }),
  GENNAKER_WORKFLOW_BUNDLE: z.string().min(1).optional(),
  GENNAKER_WEBHOOK_ALLOW_LINK_LOCAL: booleanString.default('false'),
  GENNAKER_WEBHOOK_ALLOW_CIDRS: listOf(parseCidrList),
  GENNAKER_WEBHOOK_DENY_CIDRS: listOf(parseCidrList),
  GENNAKER_WEBHOOK_API_ADDRESSES: listOf(parseApiAddresses),
  GENNAKER_WEBHOOK_DNS_SERVERS: listOf(parseDnsServers),
  GENNAKER_METRICS_ACCOUNTS: z.preprocess(unsetIfEmpty, metricsAccountsJson.optional()).transform((v) => v ?? DEFAULT_METRICS_ACCOUNTS),
  ...notificationEnvShape,
});

export type WorkerConfig = z.infer<typeof schema>;

/** `['GENNAKER_METRICS_ACCOUNTS', 0, 'baseUrl']` → `GENNAKER_METRICS_ACCOUNTS[0].baseUrl`. */
function variablePath(path: (string | number)[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i ? `.${part}` : part)).join('');
}

/** The webhook activities' settings from the parsed configuration. */
export function webhookSettings(config: WorkerConfig): WebhookDeps {
  return {
    allowLinkLocal: config.GENNAKER_WEBHOOK_ALLOW_LINK_LOCAL,
    allowCidrs: config.GENNAKER_WEBHOOK_ALLOW_CIDRS,
    denyCidrs: config.GENNAKER_WEBHOOK_DENY_CIDRS,
    apiAddresses: config.GENNAKER_WEBHOOK_API_ADDRESSES,
    dnsServers: config.GENNAKER_WEBHOOK_DNS_SERVERS.length ? config.GENNAKER_WEBHOOK_DNS_SERVERS : undefined,
  };
}

/** Parses the worker's environment once; throws one message listing every bad variable. */
export function parseWorkerConfig(env: NodeJS.ProcessEnv): WorkerConfig {
  const parsed = schema.superRefine(checkNotificationEnv).safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${variablePath(i.path)}: ${i.message}`);
  throw new Error(`invalid worker configuration:\n${lines.join('\n')}`);
}
