import type { NotificationRequest } from '../../workflows/model/notification';
import { postJsonToTarget, targetUrl } from './http';
import { executionLink, headline, notificationTitle } from './message';
import type { NotificationChannel, NotificationSettings } from './types';

/**
 * The event in Echo's shape (`details` + `content`, as Echo's REST listeners receive it):
 * `details.type` is `orca:pipeline:complete`, `orca:stage:starting`, `orca:manualJudgment`, …
 */
export function echoEvent(request: NotificationRequest, publicUrl: string, now: number) {
  const { execution, stage } = request;
  return {
    eventId: request.idempotencyKey,
    details: {
      source: 'orca',
      type: `orca:${request.event.replace('.', ':')}`,
      created: String(now),
      application: execution.application,
    },
    content: {
      executionId: execution.id,
      execution,
      ...(stage
        ? {
            name: stage.name,
            context: {
              stageDetails: { name: stage.name, type: stage.type, refId: stage.refId, status: stage.status, startTime: stage.startTime, endTime: stage.endTime },
              ...(stage.type === 'manualJudgment'
                ? { instructions: stage.instructions, judgmentInputs: stage.judgmentInputs, judgmentStatus: stage.judgmentStatus, judgmentInput: stage.judgmentInput, lastModifiedBy: stage.judgedBy }
                : {}),
            },
          }
        : {}),
      notification: {
        event: request.event,
        title: notificationTitle(request),
        text: headline(request),
        customText: request.customText,
        link: executionLink(request, publicUrl),
      },
    },
  };
}

/** Generic webhook: POSTs the Echo-shaped event with an `Idempotency-Key` header (same on every retry). */
export function webhookChannel(settings: NotificationSettings): NotificationChannel {
  return {
    type: 'webhook',
    async send(request, signal) {
      const url = targetUrl('webhook', request.address);
      await postJsonToTarget('webhook', settings.webhookTargets, url, echoEvent(request, settings.publicUrl, Date.now()), { 'Idempotency-Key': request.idempotencyKey }, signal);
    },
  };
}
