import { postJsonToTarget, targetUrl } from './http';
import { executionLink, headline, notificationTitle } from './message';
import type { NotificationChannel, NotificationSettings } from './types';

/**
 * Google Chat incoming webhook: a `{text}` message in Chat's markup (`*bold*`, `<url|label>`),
 * threaded per execution with `threadKey` so one execution's events stay together.
 */
export function googleChatChannel(settings: NotificationSettings): NotificationChannel {
  return {
    type: 'googlechat',
    async send(request, signal) {
      const url = targetUrl('Google Chat webhook', request.address);
      const lines = [`*${notificationTitle(request)}*`, headline(request)];
      if (request.event === 'manualJudgment' && request.stage?.instructions) lines.push(`Instructions: ${request.stage.instructions}`);
      if (request.customText) lines.push(request.customText);
      lines.push(`<${executionLink(request, settings.publicUrl)}|View execution>`);
      url.searchParams.set('threadKey', request.execution.id);
      url.searchParams.set('messageReplyOption', 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD');
      await postJsonToTarget('Google Chat webhook', settings.webhookTargets, url, { text: lines.join('\n') }, {}, signal);
    },
  };
}
