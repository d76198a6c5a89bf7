/**
 * The API process's configuration, parsed once from the environment. Every bad value is reported
 * at once, by variable name.
 */
import { z } from 'zod';
import { DEFAULT_TASK_QUEUE } from '../workflows/model/workflow-input';
import type { AuthSettings } from './auth';
import { validateCidrs } from './trusted-proxies';

/** Unset and empty variables both mean "use the default". */
const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema);

const csv = z
  .string()
  .transform((s) => s.split(',').map((r) => r.trim()).filter(Boolean));

const tokensJson = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be JSON: {"<token>": {"user": "...", "roles": [...]}}' });
      return z.NEVER;
    }
  })
  .pipe(
    z.record(
      z.string().min(16, 'tokens must be at least 16 characters'),
      z.object({ user: z.string().min(1), roles: z.array(z.string()).default([]) }),
    ),
  );

const envSchema = z.object({
  PORT: optional(
    z
      .string()
      .regex(/^\d+$/, 'must be a port number (0-65535)')
      .transform(Number)
      .pipe(z.number().max(65535, 'must be a port number (0-65535)'))
      .default('8084'),
  ),
  HOST: optional(z.string().optional()),
  DATABASE_URL: z
    .string({ required_error: 'is required (postgresql://user@host:port/database)' })
    .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL'),
  TEMPORAL_ADDRESS: optional(z.string().regex(/^[^\s:]+:\d+$/, 'must be host:port').default('127.0.0.1:7233')),
  TEMPORAL_NAMESPACE: optional(z.string().default('default')),
  TEMPORAL_TASK_QUEUE: optional(z.string().default(DEFAULT_TASK_QUEUE)),
  GENNAKER_AUTH_TOKENS: optional(tokensJson.optional()),
  GENNAKER_AUTH_TRUSTED_HEADER: optional(z.string().regex(/^[A-Za-z0-9-]+$/, 'must be a header name').optional()),
  GENNAKER_AUTH_ROLES_HEADER: optional(z.string().regex(/^[A-Za-z0-9-]+$/, 'must be a header name').optional()),
  GENNAKER_AUTH_ADMIN_ROLES: optional(csv.optional()),
  GENNAKER_AUTH_TRUSTED_PROXIES: optional(
    csv
      .transform((entries, ctx) => {
        try {
          return validateCidrs(entries);
        } catch (err) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: (err as Error).message });
          return z.NEVER;
        }
      })
      .optional(),
  ),
}).superRefine((e, ctx) => {
  // Without it anyone who reaches the API could name themselves in the trusted header.
  if (e.GENNAKER_AUTH_TRUSTED_HEADER && !e.GENNAKER_AUTH_TRUSTED_PROXIES) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['GENNAKER_AUTH_TRUSTED_PROXIES'],
      message: 'is required with GENNAKER_AUTH_TRUSTED_HEADER: the addresses (CIDR blocks) of the proxies that set it, e.g. 10.0.3.7/32',
    });
  }
});

export interface ApiConfig {
  port: number;
  host?: string;
  databaseUrl: string;
  temporal: { address: string; namespace: string; taskQueue: string };
  auth: AuthSettings;
}

/** Thrown with one line per bad variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function parseApiConfig(env: NodeJS.ProcessEnv): ApiConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    temporal: { address: e.TEMPORAL_ADDRESS, namespace: e.TEMPORAL_NAMESPACE, taskQueue: e.TEMPORAL_TASK_QUEUE },
    auth: {
      tokens: e.GENNAKER_AUTH_TOKENS,
      trustedHeader: e.GENNAKER_AUTH_TRUSTED_HEADER,
      rolesHeader: e.GENNAKER_AUTH_ROLES_HEADER,
      adminRoles: e.GENNAKER_AUTH_ADMIN_ROLES,
      trustedProxies: e.GENNAKER_AUTH_TRUSTED_PROXIES,
    },
  };
}
