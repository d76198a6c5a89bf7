/**
 * Settings of judgment from Slack (`POST /webhooks/slack/interactions`), parsed once from the API's
 * environment. Absent signing secret = the route answers 404.
 */
import { z } from 'zod';
import { ConfigError } from '../config';

/** A Gennaker identity for a Slack user: a name, or a name with roles. */
export interface SlackUserMapping {
  user: string;
  roles: string[];
}

export interface SlackInteractionSettings {
  signingSecret: string;
  /** Bot token for `users.info` (user → email) and `chat.update`; without it, replies go to `response_url`. */
  botToken?: string;
  apiUrl: string;
  /** Slack user id or email → Gennaker user (and roles). */
  users: Record<string, SlackUserMapping>;
}

const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const USERS_EXAMPLE = '{"U0123ABCD": "alice", "bob@example.com": {"user": "bob", "roles": ["release-managers"]}}';

const usersJson = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be a JSON object, e.g. ${USERS_EXAMPLE}` });
      return z.NEVER;
    }
  })
  .pipe(
    z.record(
      z.union([
        z.string().min(1).transform((user) => ({ user, roles: [] as string[] })),
        z.object({ user: z.string().min(1), roles: z.array(z.string()).default([]) }),
      ]),
      { invalid_type_error: `must be a JSON object, e.g. ${USERS_EXAMPLE}` },
    ),
  );

const envSchema = z.object({
  GENNAKER_SLACK_SIGNING_SECRET: optional(z.string().min(8, 'must be the app\'s signing secret')),
  GENNAKER_SLACK_BOT_TOKEN: optional(z.string().regex(/^xox[a-z]-\S+$/, 'must be a Slack bot token (xoxb-…)')),
  GENNAKER_SLACK_API_URL: optional(z.string().regex(/^https?:\/\/\S+$/, 'must be an http(s) URL')),
  GENNAKER_SLACK_USERS: optional(usersJson),
});

/** The settings, or undefined when no signing secret is set. Throws ConfigError naming each bad variable. */
export function parseSlackInteractionConfig(env: NodeJS.ProcessEnv): SlackInteractionSettings | undefined {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.map(String).join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (!e.GENNAKER_SLACK_SIGNING_SECRET) return undefined;
  return {
    signingSecret: e.GENNAKER_SLACK_SIGNING_SECRET,
    botToken: e.GENNAKER_SLACK_BOT_TOKEN,
    apiUrl: (e.GENNAKER_SLACK_API_URL ?? 'https://slack.com/api').replace(/\/+$/, ''),
    users: e.GENNAKER_SLACK_USERS ?? {},
  };
}
