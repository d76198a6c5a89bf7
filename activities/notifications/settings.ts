import { z } from 'zod';
import type { WebhookDeps } from '../webhook/webhook-activities';
import type { NotificationSettings } from './types';

/** Unset and empty both mean "not configured". */
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());
const isHttpUrl = (text: string) => {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
};
const httpUrl = z
  .string()
  .refine(isHttpUrl, 'must be an http(s) URL')
  .transform((u) => u.replace(/\/+$/, ''));

/**
 * The worker's notification variables, merged into its configuration schema (worker/config.ts).
 * Every value is checked at start, so a typo stops the worker with the variable's name.
 */
export const notificationEnvShape = {
  GENNAKER_PUBLIC_URL: optional(httpUrl),
  GENNAKER_SLACK_BOT_TOKEN: optional(z.string().regex(/^xox[a-z]-\S+$/, 'must be a Slack bot token (xoxb-…)')),
  GENNAKER_SLACK_API_URL: optional(httpUrl),
  GENNAKER_SMTP_HOST: optional(z.string().regex(/^[A-Za-z0-9.-]+$|^\[[0-9a-fA-F:.]+\]$/, 'must be a host name or address')),
  GENNAKER_SMTP_PORT: optional(z.string().regex(/^\d{1,5}$/, 'must be a port number').transform(Number).pipe(z.number().min(1, 'must be a port number').max(65535, 'must be a port number'))),
  GENNAKER_SMTP_SECURE: optional(z.enum(['true', 'false'], { errorMap: () => ({ message: 'must be true or false' }) }).transform((v) => v === 'true')),
  GENNAKER_SMTP_USER: optional(z.string()),
  GENNAKER_SMTP_PASSWORD: optional(z.string()),
  GENNAKER_SMTP_FROM: optional(z.string().regex(/^([^<>]*<)?[^\s@<>]+@[^\s@<>]+>?$/, 'must be an email address, e.g. "Gennaker <gennaker@example.com>"')),
  GENNAKER_GITHUB_TOKEN: optional(z.string().min(1)),
  GENNAKER_GITHUB_API_URL: optional(httpUrl),
};

export type NotificationEnv = z.infer<z.ZodObject<typeof notificationEnvShape>>;

/** Cross-field rules: SMTP needs a sender, a user needs a password. Returns one message per problem, keyed by variable. */
export function checkNotificationEnv(env: NotificationEnv, ctx: z.RefinementCtx): void {
  if (env.GENNAKER_SMTP_HOST && !env.GENNAKER_SMTP_FROM) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['GENNAKER_SMTP_FROM'], message: 'is required with GENNAKER_SMTP_HOST (the sender address)' });
  }
  if (env.GENNAKER_SMTP_USER && !env.GENNAKER_SMTP_PASSWORD) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['GENNAKER_SMTP_PASSWORD'], message: 'is required with GENNAKER_SMTP_USER' });
  }
}

/** Channel settings from the parsed environment; webhook-style targets follow the webhook stage's address rules. */
export function notificationSettings(env: NotificationEnv, webhookTargets: WebhookDeps): NotificationSettings {
  return {
    publicUrl: env.GENNAKER_PUBLIC_URL ?? 'http://localhost:8084',
    slack: { botToken: env.GENNAKER_SLACK_BOT_TOKEN, apiUrl: env.GENNAKER_SLACK_API_URL ?? 'https://slack.com/api' },
    smtp: env.GENNAKER_SMTP_HOST
      ? {
          host: env.GENNAKER_SMTP_HOST,
          port: env.GENNAKER_SMTP_PORT ?? 587,
          secure: env.GENNAKER_SMTP_SECURE ?? false,
          user: env.GENNAKER_SMTP_USER,
          password: env.GENNAKER_SMTP_PASSWORD,
          from: env.GENNAKER_SMTP_FROM!,
        }
      : undefined,
    github: { token: env.GENNAKER_GITHUB_TOKEN, apiUrl: env.GENNAKER_GITHUB_API_URL ?? 'https://api.github.com' },
    webhookTargets,
  };
}
