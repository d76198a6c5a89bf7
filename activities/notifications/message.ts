import type { NotificationEvent, NotificationRequest } from '../../workflows/model/notification';

/** Echo's status word of an event: `starting`, `complete` or `failed` (judgment events have their own). */
export function statusWord(event: NotificationEvent): string {
  switch (event) {
    case 'manualJudgment':
      return 'awaiting judgment';
    case 'manualJudgmentContinue':
      return 'judged continue';
    case 'manualJudgmentStop':
      return 'judged stop';
    default:
      return event.slice(event.indexOf('.') + 1);
  }
}

/** Deck's execution page (`#/applications/{app}/executions/details/{id}`), on the configured base URL. */
export function executionLink(request: NotificationRequest, publicUrl: string): string {
  const { execution, stage } = request;
  const base = `${publicUrl}/#/applications/${encodeURIComponent(execution.application)}/executions/details/${encodeURIComponent(execution.id)}`;
  return `${base}?pipeline=${encodeURIComponent(execution.name)}${stage ? `&stage=${stage.index}` : ''}`;
}

const capitalize = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s);

/** Echo's title, e.g. "Pipeline complete for SHOP", "Manual judgment for SHOP". */
export function notificationTitle(request: NotificationRequest): string {
  const app = request.execution.application.toUpperCase();
  if (request.event.startsWith('manualJudgment')) return `Manual judgment ${request.event === 'manualJudgment' ? 'awaiting' : statusWord(request.event).replace('judged ', '')} for ${app}`;
  return `${capitalize(request.level)} ${statusWord(request.event)} for ${app}`;
}

/**
 * Echo's default sentence, e.g. "Shop's Deploy pipeline has completed successfully", "Stage Bake
 * for Shop's Deploy pipeline is starting".
 */
export function headline(request: NotificationRequest): string {
  const { execution, stage, event } = request;
  const subject = `${capitalize(execution.application)}'s ${execution.name} pipeline`;
  const prefix = stage ? `Stage ${stage.name} for ` : '';
  switch (event) {
    case 'manualJudgment':
      return `${prefix}${subject} is awaiting manual judgment`;
    case 'manualJudgmentContinue':
    case 'manualJudgmentStop':
      return `${prefix}${subject} was judged to ${event === 'manualJudgmentContinue' ? 'continue' : 'stop'} by ${stage?.judgedBy ?? 'anonymous'}${stage?.judgmentInput ? ` (${stage.judgmentInput})` : ''}`;
    default: {
      const status = statusWord(event);
      return `${prefix}${subject} ${status === 'starting' ? 'is starting' : status === 'complete' ? 'has completed successfully' : 'has failed'}`;
    }
  }
}

/** The plain-text body: headline, judgment instructions, then the configured custom text. */
export function plainText(request: NotificationRequest, publicUrl: string): string {
  const parts = [headline(request)];
  if (request.event === 'manualJudgment' && request.stage?.instructions) parts.push(`Instructions: ${request.stage.instructions}`);
  if (request.customText) parts.push(request.customText);
  parts.push(executionLink(request, publicUrl));
  return parts.join('\n\n');
}

/** A colour per outcome (Echo's Slack colours). */
export function statusColor(event: NotificationEvent): string {
  if (event.endsWith('failed') || event === 'manualJudgmentStop') return '#B82525';
  if (event.endsWith('starting') || event === 'manualJudgment') return '#2275B8';
  return '#769D3E';
}
