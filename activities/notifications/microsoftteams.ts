import { postJsonToTarget, targetUrl } from './http';
import { executionLink, headline, notificationTitle, statusColor } from './message';
import type { NotificationChannel, NotificationSettings } from './types';

/**
 * Microsoft Teams incoming webhook: an Office 365 connector `MessageCard` (as Echo sends) with the
 * facts of the execution and an "Open execution" action.
 */
export function microsoftTeamsChannel(settings: NotificationSettings): NotificationChannel {
  return {
    type: 'microsoftteams',
    async send(request, signal) {
      const url = targetUrl('Microsoft Teams webhook', request.address);
      const { execution, stage } = request;
      const facts = [
        { name: 'Application', value: execution.application },
        { name: 'Pipeline', value: execution.name },
        ...(stage ? [{ name: 'Stage', value: stage.name }] : []),
        { name: 'Status', value: stage?.status ?? execution.status },
        { name: 'Triggered by', value: execution.trigger.user },
      ];
      const card = {
        '@type': 'MessageCard',
        '@context': 'http://schema.org/extensions',
        summary: notificationTitle(request),
        themeColor: statusColor(request.event).slice(1),
        title: notificationTitle(request),
        sections: [
          {
            activityTitle: headline(request),
            facts,
            markdown: true,
            ...(request.customText || stage?.instructions ? { text: [request.event === 'manualJudgment' ? stage?.instructions : undefined, request.customText].filter(Boolean).join('\n\n') } : {}),
          },
        ],
        potentialAction: [{ '@type': 'OpenUri', name: 'Open execution', targets: [{ os: 'default', uri: executionLink(request, settings.publicUrl) }] }],
      };
      await postJsonToTarget('Microsoft Teams webhook', settings.webhookTargets, url, card, {}, signal);
    },
  };
}
