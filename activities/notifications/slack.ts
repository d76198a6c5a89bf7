import { ApplicationFailure } from '@temporalio/activity';
import { NotificationErrorType, SlackJudgmentAction, type NotificationRequest, type SlackJudgmentValue } from '../../workflows/model/notification';
import { postJson, postJsonToTarget, targetUrl } from './http';
import { executionLink, headline, notificationTitle } from './message';
import type { NotificationChannel, NotificationSettings } from './types';

/** Slack's section text limit. */
const MAX_SECTION_CHARS = 3_000;

/** Slack `mrkdwn` needs &, < and > escaped in user text. */
export const slackEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Block Kit for one event: the headline with a link to the execution, judgment instructions, the
 * custom text, and (with `interactive`, for `manualJudgment`) Continue / Stop buttons and a select
 * of `judgmentInputs`.
 */
export function slackBlocks(request: NotificationRequest, publicUrl: string, interactive: boolean): Record<string, unknown>[] {
  const link = executionLink(request, publicUrl);
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: notificationTitle(request).slice(0, 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: `${slackEscape(headline(request))} — <${link}|view execution>`.slice(0, MAX_SECTION_CHARS) } },
  ];
  if (request.event === 'manualJudgment' && request.stage?.instructions) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Instructions:* ${slackEscape(request.stage.instructions)}`.slice(0, MAX_SECTION_CHARS) } });
  }
  if (request.customText) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: slackEscape(request.customText).slice(0, MAX_SECTION_CHARS) } });
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `${slackEscape(request.execution.application)} · ${slackEscape(request.execution.name)} · triggered by ${slackEscape(request.execution.trigger.user)}` }],
  });
  if (interactive && request.event === 'manualJudgment' && request.stage) {
    const value = JSON.stringify({ executionId: request.execution.id, stageId: request.stage.id } satisfies SlackJudgmentValue);
    const elements: Record<string, unknown>[] = [];
    const inputs = request.stage.judgmentInputs ?? [];
    if (inputs.length) {
      elements.push({
        type: 'static_select',
        action_id: SlackJudgmentAction.input,
        placeholder: { type: 'plain_text', text: 'Judgment input' },
        options: inputs.slice(0, 100).map((input) => ({ text: { type: 'plain_text', text: input.slice(0, 75) }, value: input.slice(0, 150) })),
      });
    }
    elements.push(
      { type: 'button', action_id: SlackJudgmentAction.continue, style: 'primary', text: { type: 'plain_text', text: 'Continue' }, value },
      { type: 'button', action_id: SlackJudgmentAction.stop, style: 'danger', text: { type: 'plain_text', text: 'Stop' }, value },
    );
    blocks.push({ type: 'actions', block_id: SlackJudgmentAction.block, elements });
  }
  return blocks;
}

/**
 * Slack: an incoming webhook URL as the address (`POST {text, blocks}`), or a channel
 * (`#deploys`, `C0123…`) posted to with `chat.postMessage` and the bot token — only that mode
 * carries judgment buttons, since answering them needs the app.
 */
export function slackChannel(settings: NotificationSettings): NotificationChannel {
  return {
    type: 'slack',
    async send(request, signal) {
      const address = request.address ?? '';
      const text = headline(request);
      if (/^https?:\/\//i.test(address)) {
        const url = targetUrl('Slack webhook', address);
        await postJsonToTarget('Slack webhook', settings.webhookTargets, url, { text, blocks: slackBlocks(request, settings.publicUrl, false) }, {}, signal);
        return;
      }
      const token = settings.slack.botToken;
      if (!token) {
        throw ApplicationFailure.nonRetryable(`Slack channel '${address}' needs GENNAKER_SLACK_BOT_TOKEN on the worker (or use an incoming webhook URL as the address)`, NotificationErrorType.NotConfigured);
      }
      const channel = address.startsWith('#') || /^[CGD][A-Z0-9]{6,}$/.test(address) ? address : `#${address}`;
      const answer = await postJson(
        'Slack chat.postMessage',
        `${settings.slack.apiUrl}/chat.postMessage`,
        { channel, text, blocks: slackBlocks(request, settings.publicUrl, true), unfurl_links: false },
        { Authorization: `Bearer ${token}` },
        signal,
      );
      let body: { ok?: boolean; error?: string };
      try {
        body = JSON.parse(answer.text || '{}') as typeof body;
      } catch {
        body = { ok: false, error: 'not a JSON answer' };
      }
      if (body.ok) return;
      if (body.error === 'ratelimited' || body.error === 'service_unavailable' || body.error === 'internal_error') {
        throw ApplicationFailure.retryable(`Slack chat.postMessage: ${body.error}; will retry`, 'NotificationServerError');
      }
      throw ApplicationFailure.nonRetryable(`Slack chat.postMessage refused: ${body.error ?? 'unknown error'}`, NotificationErrorType.Rejected);
    },
  };
}
