import { z, type ZodIssue } from 'zod';
import { findExpressionSyntaxErrors } from '../expressions';
import {
  JUDGMENT_EVENTS,
  NOTIFICATION_TYPES,
  PIPELINE_EVENTS,
  STAGE_EVENTS,
  type NotificationEvent,
} from '../model/notification';
import type { ValidationProblem } from './problem';

const ALL_EVENTS: readonly string[] = [...PIPELINE_EVENTS, ...STAGE_EVENTS, ...JUDGMENT_EVENTS];

/** Largest custom message text (it is sent to chat and mail, and kept in history). */
export const MAX_MESSAGE_TEXT_CHARS = 4_000;
/** Most notification targets per pipeline or stage. */
export const MAX_NOTIFICATIONS = 20;

const isHttpUrl = (text: string) => {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
};
const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;
const emailList = (text: string) =>
  text
    .split(/[,;]/)
    .map((a) => a.trim())
    .filter(Boolean);
/** Slack channel (`#deploys`, `deploys`, a channel id) or an incoming webhook URL. */
const SLACK_CHANNEL = /^#?[A-Za-z0-9._-]{1,80}$/;

const notificationSchema = z
  .object({
    type: z.enum(NOTIFICATION_TYPES, {
      errorMap: () => ({ message: `type must be one of: ${NOTIFICATION_TYPES.join(', ')}` }),
    }),
    address: z.string().optional(),
    cc: z.string().optional(),
    when: z.array(z.string(), { required_error: 'when is required (the events to notify on)' }).min(1, 'when must list at least one event'),
    message: z.record(z.object({ text: z.string().max(MAX_MESSAGE_TEXT_CHARS, `text is longer than ${MAX_MESSAGE_TEXT_CHARS} characters`).optional() }).passthrough()).optional(),
    level: z.enum(['pipeline', 'stage']).optional(),
  })
  .passthrough()
  .superRefine((n, ctx) => {
    const address = n.address?.trim() ?? '';
    const need = (ok: boolean, message: string) => {
      if (!ok) ctx.addIssue({ code: 'custom', path: ['address'], message });
    };
    switch (n.type) {
      case 'slack':
        need(SLACK_CHANNEL.test(address) || isHttpUrl(address), 'address must be a Slack channel (#deploys) or an incoming webhook URL');
        break;
      case 'email':
        need(emailList(address).length > 0 && emailList(address).every((a) => EMAIL.test(a)), 'address must be one or more email addresses, comma-separated');
        if (n.cc !== undefined && !emailList(n.cc).every((a) => EMAIL.test(a))) {
          ctx.addIssue({ code: 'custom', path: ['cc'], message: 'cc must be email addresses, comma-separated' });
        }
        break;
      case 'microsoftteams':
      case 'googlechat':
      case 'webhook':
        need(isHttpUrl(address), `address must be the ${n.type === 'webhook' ? 'webhook' : 'incoming webhook'} URL (http or https)`);
        break;
      default:
        break;
    }
  });

/** `notifications[0]` + `['message', 'pipeline.failed', 'text']` → `notifications[0].message["pipeline.failed"].text`. */
function path(base: string, parts: (string | number)[]): string {
  const step = (part: string | number) => (typeof part === 'number' ? `[${part}]` : /^[A-Za-z_$][\w$]*$/.test(part) ? `.${part}` : `[${JSON.stringify(part)}]`);
  return parts.reduce<string>((acc, part) => acc + step(part), base);
}

function zodProblems(base: string, issues: ZodIssue[]): ValidationProblem[] {
  return issues.map((issue) => ({ path: path(base, issue.path), message: issue.message }));
}

/**
 * Every problem in one `notifications` list, with paths like `notifications[0].when[1]`.
 * `allowed` are the events this level may use (pipeline events, or stage events plus the judgment
 * events on a `manualJudgment` stage).
 */
function validateList(value: unknown, base: string, allowed: readonly string[], checkExpressions: boolean): ValidationProblem[] {
  if (!Array.isArray(value)) return [{ path: base, message: 'notifications must be an array' }];
  if (value.length > MAX_NOTIFICATIONS) return [{ path: base, message: `at most ${MAX_NOTIFICATIONS} notifications` }];
  const problems: ValidationProblem[] = [];
  value.forEach((entry, i) => {
    const at = `${base}[${i}]`;
    const parsed = notificationSchema.safeParse(entry);
    if (!parsed.success) {
      problems.push(...zodProblems(at, parsed.error.issues));
      return;
    }
    parsed.data.when.forEach((event, j) => {
      if (!allowed.includes(event)) {
        const hint = ALL_EVENTS.includes(event) ? 'not available here' : 'unknown event';
        problems.push({ path: `${at}.when[${j}]`, message: `'${event}': ${hint}; use one of ${allowed.join(', ')}` });
      }
    });
    for (const key of Object.keys(parsed.data.message ?? {})) {
      if (!allowed.includes(key)) problems.push({ path: path(`${at}.message`, [key]), message: `'${key}' is not an event of this notification (${allowed.join(', ')})` });
    }
    if (checkExpressions) problems.push(...findExpressionSyntaxErrors(parsed.data.message ?? {}, `${at}.message`));
  });
  return problems;
}

/** Problems in a pipeline config's `notifications` (pipeline events only). */
export function validatePipelineNotifications(config: Record<string, unknown>): ValidationProblem[] {
  if (config.notifications === undefined) return [];
  return validateList(config.notifications, 'notifications', PIPELINE_EVENTS, true);
}

/**
 * Problems in a stage's `notifications` and `sendNotifications`. Expression syntax in stage
 * messages is already checked with the rest of the stage.
 */
export function validateStageNotifications(stage: Record<string, unknown>, base: string): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  if (stage.sendNotifications !== undefined && typeof stage.sendNotifications !== 'boolean') {
    problems.push({ path: `${base}.sendNotifications`, message: 'sendNotifications must be true or false' });
  }
  if (stage.notifications === undefined) return problems;
  const allowed: readonly NotificationEvent[] = stage.type === 'manualJudgment' ? [...STAGE_EVENTS, ...JUDGMENT_EVENTS] : STAGE_EVENTS;
  // Stage messages are checked for expression syntax with the rest of the stage.
  return problems.concat(validateList(stage.notifications, `${base}.notifications`, allowed, false));
}
