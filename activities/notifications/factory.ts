import type { NotificationType } from '../../workflows/model/notification';
import { emailChannel } from './email';
import { githubStatusChannel } from './github-status';
import { googleChatChannel } from './googlechat';
import { microsoftTeamsChannel } from './microsoftteams';
import { slackChannel } from './slack';
import type { NotificationChannel, NotificationSettings } from './types';
import { webhookChannel } from './webhook';

/** Every channel, by Spinnaker's notification type name. */
export function createNotificationChannels(settings: NotificationSettings): Map<NotificationType, NotificationChannel> {
  const channels = [
    slackChannel(settings),
    emailChannel(settings),
    microsoftTeamsChannel(settings),
    googleChatChannel(settings),
    githubStatusChannel(settings),
    webhookChannel(settings),
  ];
  return new Map(channels.map((c) => [c.type, c]));
}
