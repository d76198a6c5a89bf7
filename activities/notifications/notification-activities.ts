import { ApplicationFailure, Context } from '@temporalio/activity';
import {
  displayAddress,
  NotificationErrorType,
  type NotificationRequest,
  type NotificationResult,
} from '../../workflows/model/notification';
import { createNotificationChannels } from './factory';
import type { NotificationSettings } from './types';

/** Without settings: links to localhost, no bot token, no SMTP, public GitHub. */
export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  publicUrl: 'http://localhost:8084',
  slack: { apiUrl: 'https://slack.com/api' },
  github: { apiUrl: 'https://api.github.com' },
  webhookTargets: { allowLinkLocal: false },
};

/**
 * Rethrows any failure as an ApplicationFailure carrying the attempt number (the workflow records
 * it), keeping whether it may be retried. Messages come from the channels, which keep secrets out.
 */
function withAttempt(err: unknown, attempt: number): ApplicationFailure {
  if (err instanceof ApplicationFailure) {
    return ApplicationFailure.create({ message: err.message, type: err.type ?? 'NotificationError', nonRetryable: err.nonRetryable === true, details: [{ attempt }] });
  }
  const message = err instanceof Error ? err.message.split('\n')[0].slice(0, 300) : 'unknown error';
  return ApplicationFailure.create({ message, type: 'NotificationError', details: [{ attempt }] });
}

/** The `sendNotification` activity: one event to one target, through its channel. */
export function createNotificationActivities(settings: NotificationSettings = DEFAULT_NOTIFICATION_SETTINGS) {
  const channels = createNotificationChannels(settings);
  return {
    /**
     * Delivers one notification. Retried by the workflow's policy with the same idempotency key,
     * which receivers that support it (webhook `Idempotency-Key`, email `Message-ID`) use to drop
     * a repeat. Logs the outcome with the activity logger (target shown without secrets).
     */
    async sendNotification(request: NotificationRequest): Promise<NotificationResult> {
      const ctx = Context.current();
      const attempt = ctx.info.attempt;
      const fields = { type: request.type, address: displayAddress(request.address), event: request.event, executionId: request.execution.id, stage: request.stage?.refId, attempt };
      const channel = channels.get(request.type);
      try {
        if (!channel) throw ApplicationFailure.nonRetryable(`unknown notification type '${request.type}'`, NotificationErrorType.InvalidTarget);
        const outcome = await channel.send(request, ctx.cancellationSignal);
        if (outcome?.skipped) ctx.log.info('notification skipped', { ...fields, reason: outcome.skipped });
        else ctx.log.info('notification sent', fields);
        return { attempts: attempt, ...(outcome?.skipped ? { skipped: outcome.skipped } : {}) };
      } catch (err) {
        const failure = withAttempt(err, attempt);
        ctx.log.warn('notification delivery failed', { ...fields, error: failure.message, willRetry: !failure.nonRetryable });
        throw failure;
      }
    },
  };
}
