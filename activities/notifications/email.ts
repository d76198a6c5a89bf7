import { ApplicationFailure } from '@temporalio/activity';
import { createTransport, type Transporter } from 'nodemailer';
import { NotificationErrorType, type NotificationRequest } from '../../workflows/model/notification';
import { executionLink, headline, notificationTitle, plainText } from './message';
import type { NotificationChannel, NotificationSettings } from './types';

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** `Message-ID` from the idempotency key, so a retried send is recognizably the same message. */
export function messageId(request: NotificationRequest): string {
  return `<${request.idempotencyKey.replace(/[^A-Za-z0-9.-]/g, '.')}@gennaker>`;
}

function html(request: NotificationRequest, publicUrl: string): string {
  const parts = [`<p>${escapeHtml(headline(request))}</p>`];
  if (request.event === 'manualJudgment' && request.stage?.instructions) parts.push(`<p><b>Instructions:</b> ${escapeHtml(request.stage.instructions)}</p>`);
  if (request.customText) parts.push(`<p>${escapeHtml(request.customText).replace(/\n/g, '<br>')}</p>`);
  parts.push(`<p><a href="${escapeHtml(executionLink(request, publicUrl))}">View execution</a></p>`);
  return parts.join('\n');
}

/** SMTP errors may quote the server's answer; never the credentials. Classifies retryable answers. */
function smtpFailure(err: unknown): Error {
  const e = err as { responseCode?: number; code?: string; message?: string };
  const what = e.responseCode ? `${e.responseCode}` : (e.code ?? 'error');
  const message = `SMTP send failed (${what}): ${(e.message ?? '').split('\n')[0].slice(0, 200)}`;
  // 5xx answers (bad recipient, authentication) will not change on retry; 4xx and network errors may.
  if (e.responseCode && e.responseCode >= 500) return ApplicationFailure.nonRetryable(message, NotificationErrorType.Rejected);
  if (e.code === 'EAUTH') return ApplicationFailure.nonRetryable(message, NotificationErrorType.Rejected);
  return ApplicationFailure.retryable(message, 'NotificationNetworkError');
}

/** Email over SMTP with nodemailer (`GENNAKER_SMTP_*`): a text and an HTML part, Echo's subject. */
export function emailChannel(settings: NotificationSettings): NotificationChannel {
  const smtp = settings.smtp;
  let transport: Transporter | undefined;
  return {
    type: 'email',
    async send(request) {
      if (!smtp) throw ApplicationFailure.nonRetryable('email notifications need GENNAKER_SMTP_HOST and GENNAKER_SMTP_FROM on the worker', NotificationErrorType.NotConfigured);
      transport ??= createTransport({
        host: smtp.host,
        port: smtp.port,
        secure: smtp.secure,
        auth: smtp.user ? { user: smtp.user, pass: smtp.password } : undefined,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 20_000,
        logger: false,
      });
      try {
        await transport.sendMail({
          from: smtp.from,
          to: request.address,
          cc: request.cc || undefined,
          subject: notificationTitle(request),
          text: plainText(request, settings.publicUrl),
          html: html(request, settings.publicUrl),
          messageId: messageId(request),
          headers: {
            'X-Gennaker-Execution': request.execution.id,
            'X-Gennaker-Event': request.event,
            'X-Gennaker-Idempotency-Key': request.idempotencyKey,
          },
        });
      } catch (err) {
        throw smtpFailure(err);
      }
    },
    close() {
      transport?.close();
    },
  };
}
