import type { Logger } from '../logger';
import type { SlackInteractionSettings } from './config';

/** The few Slack Web API calls judgment from chat needs. Errors are logged (without tokens) and swallowed. */
export function slackWebApi(settings: SlackInteractionSettings, logger: Logger) {
  const call = async (method: string, init: RequestInit): Promise<Record<string, unknown> | undefined> => {
    try {
      const response = await fetch(`${settings.apiUrl}/${method}`, {
        ...init,
        headers: { Authorization: `Bearer ${settings.botToken}`, ...(init.headers as Record<string, string>) },
      });
      const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      if (!response.ok || body.ok !== true) {
        logger.error('Slack API call failed', { method, status: response.status, error: body.error });
        return undefined;
      }
      return body;
    } catch (err) {
      logger.error('Slack API call failed', { method, error: (err as Error).message });
      return undefined;
    }
  };
  return {
    /** The email of a Slack user (`users.info`, scope `users:read.email`), if the bot can see it. */
    async userEmail(userId: string): Promise<string | undefined> {
      if (!settings.botToken) return undefined;
      const body = await call(`users.info?user=${encodeURIComponent(userId)}`, { method: 'GET' });
      const email = (body?.user as { profile?: { email?: unknown } } | undefined)?.profile?.email;
      return typeof email === 'string' && email ? email : undefined;
    },
    /** Replaces a message the bot posted (`chat.update`). */
    async updateMessage(channel: string, ts: string, text: string, blocks: unknown[]): Promise<boolean> {
      if (!settings.botToken) return false;
      const body = await call('chat.update', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ channel, ts, text, blocks }),
      });
      return body !== undefined;
    },
    /** Answers through the interaction's `response_url` (ephemeral by default, or replacing the message). */
    async respond(responseUrl: string, message: Record<string, unknown>): Promise<void> {
      try {
        const response = await fetch(responseUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(message) });
        if (!response.ok) logger.error('Slack response_url answered an error', { status: response.status });
      } catch (err) {
        logger.error('Slack response_url failed', { error: (err as Error).message });
      }
    },
  };
}
