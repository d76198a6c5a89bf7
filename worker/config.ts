import { z } from 'zod';
import { metricsAccountSchema, type MetricsAccount } from '../activities/metrics/factory';
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

const schema = z.object({
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default(DEFAULT_TASK_QUEUE),
  DATABASE_URL: z.string().url({ message: 'DATABASE_URL must be a postgresql:// URL' }),
  GENNAKER_WORKFLOW_BUNDLE: z.string().min(1).optional(),
  GENNAKER_WEBHOOK_ALLOW_LINK_LOCAL: booleanString.default('false'),
  // Empty means unset, as for the API's variables.
  GENNAKER_METRICS_ACCOUNTS: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), metricsAccountsJson.optional()).transform((v) => v ?? DEFAULT_METRICS_ACCOUNTS),
  ...notificationEnvShape,
});

export type WorkerConfig = z.infer<typeof schema>;

/** `['GENNAKER_METRICS_ACCOUNTS', 0, 'baseUrl']` → `GENNAKER_METRICS_ACCOUNTS[0].baseUrl`. */
function variablePath(path: (string | number)[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i ? `.${part}` : part)).join('');
}

/** Parses the worker's environment once; throws one message listing every bad variable. */
export function parseWorkerConfig(env: NodeJS.ProcessEnv): WorkerConfig {
  const parsed = schema.superRefine(checkNotificationEnv).safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${variablePath(i.path)}: ${i.message}`);
  throw new Error(`invalid worker configuration:\n${lines.join('\n')}`);
}
