import type { Client } from '@temporalio/client';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { patchStageUpdate } from '../../workflows/messages';
import type { PipelineExecution } from '../../workflows/model/execution';
import { connectClient } from '../helpers/client';
import { json, startHttpServer } from '../helpers/http-server';
import { pipelineConfig, result, startPipeline, waitForExecution } from '../helpers/pipelines';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server';
import { startWorkerProcess } from '../helpers/worker-process';

const SMTP_PASSWORD = `smtp-${randomUUID()}`;
let client: Client;
let smtp: TestSmtpServer;
let hooks: Awaited<ReturnType<typeof startHttpServer>>;

before(async () => {
  client = await connectClient();
  smtp = await startSmtpServer({ user: 'gennaker', password: SMTP_PASSWORD });
  hooks = await startHttpServer((_req, res) => json(res, 200, { received: true }));
});
after(async () => {
  await Promise.all([smtp.close(), hooks.close()]);
  await client.connection.close();
});

/** The worker's notification settings, as an operator sets them. */
const workerEnv = () => ({
  GENNAKER_PUBLIC_URL: 'https://deck.example.com',
  GENNAKER_SMTP_HOST: smtp.host,
  GENNAKER_SMTP_PORT: String(smtp.port),
  GENNAKER_SMTP_USER: 'gennaker',
  GENNAKER_SMTP_PASSWORD: SMTP_PASSWORD,
  GENNAKER_SMTP_FROM: 'gennaker@example.com',
});

const allSent = (e: PipelineExecution, events: string[]) =>
  events.every((event) => {
    const records = (e.notifications ?? []).filter((r) => r.event === event);
    return records.length > 0 && records.every((r) => r.status === 'SENT');
  });

describe('notifications across a worker crash', () => {
  it('every event is delivered exactly once when the worker is SIGKILLed between two events', async () => {
    const taskQueue = `notify-restart-${randomUUID()}`;
    const hookUrl = `${hooks.url}/events`;
    const config = pipelineConfig(
      [
        {
          refId: 'mj',
          type: 'manualJudgment',
          name: 'Approve',
          sendNotifications: true,
          notifications: [
            { type: 'webhook', address: hookUrl, when: ['manualJudgment', 'manualJudgmentContinue'] },
            { type: 'email', address: 'approvers@example.com', when: ['manualJudgment', 'manualJudgmentContinue'] },
          ],
        },
      ],
      {
        notifications: [
          { type: 'webhook', address: hookUrl, when: ['pipeline.starting', 'pipeline.complete'] },
          { type: 'email', address: 'team@example.com', when: ['pipeline.starting', 'pipeline.complete'] },
        ],
      },
    );
    const first = await startWorkerProcess(taskQueue, undefined, workerEnv());
    const handle = await startPipeline(client, taskQueue, config);
    await waitForExecution(handle, (e) => allSent(e, ['pipeline.starting', 'manualJudgment']), 30_000);
    await first.kill();
    const second = await startWorkerProcess(taskQueue, undefined, workerEnv());
    try {
      await handle.executeUpdate(patchStageUpdate, { args: [{ stage: 'mj', judgmentStatus: 'continue', user: 'alice' }] });
      const done = await result(handle);
      assert.equal(done.status, 'SUCCEEDED');
      assert.equal(done.notifications!.length, 8);
      assert.ok(done.notifications!.every((r) => r.status === 'SENT'));

      const events = hooks.requests.filter((r) => r.body.includes(handle.workflowId)).map((r) => (JSON.parse(r.body) as { details: { type: string } }).details.type);
      assert.deepEqual(events.sort(), ['orca:manualJudgment', 'orca:manualJudgmentContinue', 'orca:pipeline:complete', 'orca:pipeline:starting']);
      const mails = smtp.messages.filter((m) => m.mail.headers.get('x-gennaker-execution') === handle.workflowId);
      assert.deepEqual(mails.map((m) => String(m.mail.headers.get('x-gennaker-event'))).sort(), ['manualJudgment', 'manualJudgmentContinue', 'pipeline.complete', 'pipeline.starting']);
      assert.equal(new Set(mails.map((m) => m.mail.messageId)).size, mails.length, 'one Message-ID per event');
    } finally {
      await second.stop();
    }
  });

  it('a bad notification setting stops the worker at start, naming the variable and not its value', async () => {
    const secret = `not-a-port-${randomUUID()}`;
    await assert.rejects(startWorkerProcess(`notify-bad-${randomUUID()}`, undefined, { ...workerEnv(), GENNAKER_SMTP_PORT: secret }), (err: Error) => {
      assert.match(err.message, /exited with 1/);
      assert.match(err.message, /GENNAKER_SMTP_PORT: must be a port number/);
      assert.ok(!err.message.includes(secret));
      return true;
    });
  });
});
