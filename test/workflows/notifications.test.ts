import type { WorkflowHandle } from '@temporalio/client';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { NotificationSettings } from '../../activities/notifications/types';
import { patchStageUpdate } from '../../workflows/messages';
import type { PipelineExecution } from '../../workflows/model/execution';
import type { NotificationRecord } from '../../workflows/model/notification';
import type { PipelineConfig } from '../../workflows/model/pipeline';
import type { PipelineWorkflowInput } from '../../workflows/model/workflow-input';
import { startGateProxy } from '../helpers/gate-proxy';
import { json, startHttpServer } from '../helpers/http-server';
import { startGitHubStandIn, startGoogleChatStandIn, startSlackStandIn, startTeamsStandIn } from '../helpers/chat-stand-ins';
import { logText, startNotificationWorker, type NotificationWorker } from '../helpers/notification-worker';
import { pipelineConfig, result, stage, waitForExecution } from '../helpers/pipelines';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server';

// Planted secrets: none of them may appear in an execution document or a log line.
const SLACK_TOKEN = `xoxb-planted-${randomUUID()}`;
const GITHUB_TOKEN = `ghp_planted${randomUUID().replace(/-/g, '')}`;
const SMTP_PASSWORD = `smtp-planted-${randomUUID()}`;
const WEBHOOK_SECRET = `hookpath${randomUUID().replace(/-/g, '')}`;
const PUBLIC_URL = 'https://deck.example.com';
const SHA = 'a'.repeat(40);

let worker: NotificationWorker;
let smtp: TestSmtpServer;
let slack: Awaited<ReturnType<typeof startSlackStandIn>>;
let teams: Awaited<ReturnType<typeof startTeamsStandIn>>;
let chat: Awaited<ReturnType<typeof startGoogleChatStandIn>>;
let github: Awaited<ReturnType<typeof startGitHubStandIn>>;
let hooks: Awaited<ReturnType<typeof startHttpServer>>;
const onceFailed = new Set<string>();

before(async () => {
  smtp = await startSmtpServer({ user: 'gennaker', password: SMTP_PASSWORD });
  slack = await startSlackStandIn({ botToken: SLACK_TOKEN });
  teams = await startTeamsStandIn();
  chat = await startGoogleChatStandIn();
  github = await startGitHubStandIn({ token: GITHUB_TOKEN });
  hooks = await startHttpServer((req, res) => {
    if (req.url.startsWith('/always-500')) return json(res, 500, { error: 'down' });
    if (req.url.startsWith('/gone-404')) return json(res, 404, { error: 'no such hook' });
    if (req.url.startsWith('/once-500') && !onceFailed.has(req.url)) {
      onceFailed.add(req.url);
      return json(res, 503, { error: 'busy' });
    }
    json(res, 200, { received: true });
  });
  const settings: NotificationSettings = {
    publicUrl: PUBLIC_URL,
    slack: { botToken: SLACK_TOKEN, apiUrl: slack.apiUrl },
    smtp: { host: smtp.host, port: smtp.port, secure: false, user: 'gennaker', password: SMTP_PASSWORD, from: 'Gennaker <gennaker@example.com>' },
    github: { token: GITHUB_TOKEN, apiUrl: github.url },
    webhookTargets: { allowLinkLocal: false },
  };
  worker = await startNotificationWorker(settings);
});

after(async () => {
  await worker.shutdown();
  await Promise.all([smtp.close(), slack.close(), teams.close(), chat.close(), github.close(), hooks.close()]);
});

/** Starts an execution with fast notification retries (the production default backs off for minutes). */
function start(config: PipelineConfig, trigger: Partial<PipelineWorkflowInput['trigger']> = {}): Promise<WorkflowHandle> {
  const input: PipelineWorkflowInput = {
    config,
    trigger: { type: 'manual', user: 'alice', parameters: {}, ...trigger },
    buildTime: Date.now(),
    notificationRetry: { initialIntervalMs: 100, maximumIntervalMs: 200, maximumAttempts: 3 },
  };
  return worker.client.workflow.start('pipelineWorkflow', { taskQueue: worker.taskQueue, workflowId: `notify-${randomUUID()}`, args: [input] });
}

const records = (e: PipelineExecution, filter: Partial<NotificationRecord> = {}) =>
  (e.notifications ?? []).filter((r) => Object.entries(filter).every(([k, v]) => r[k as keyof NotificationRecord] === v));
const forExecution = <T extends { body: string }>(id: string, requests: T[]) => requests.filter((r) => r.body.includes(id));

describe('notifications: every event once to every channel, from inside the workflow', () => {
  it('delivers pipeline, stage and judgment events to a real SMTP server and to stand-ins checking the Slack Block Kit, Teams MessageCard, Google Chat text, GitHub status and Echo event shapes', async () => {
    const hookUrl = `${hooks.url}/events`;
    const config = pipelineConfig(
      [
        { refId: 'bake', type: 'noop', name: 'Bake', sendNotifications: true, notifications: [{ type: 'webhook', address: hookUrl, when: ['stage.starting', 'stage.complete'] }] },
        {
          refId: 'mj',
          type: 'manualJudgment',
          name: 'Approve',
          requisiteStageRefIds: ['bake'],
          instructions: 'Check version ${trigger.parameters.version}',
          judgmentInputs: [{ value: 'ship' }, { value: 'hold' }],
          sendNotifications: true,
          notifications: [
            { type: 'slack', address: '#deploys', when: ['manualJudgment', 'manualJudgmentContinue'] },
            { type: 'email', address: 'approvers@example.com', when: ['manualJudgment'] },
            { type: 'webhook', address: hookUrl, when: ['manualJudgment', 'manualJudgmentContinue', 'stage.complete'] },
          ],
        },
      ],
      {
        notifications: [
          { type: 'slack', address: '#deploys', level: 'pipeline', when: ['pipeline.starting', 'pipeline.complete'], message: { 'pipeline.complete': { text: 'Shipped ${trigger.parameters.version} for ${trigger.user}' } } },
          { type: 'slack', address: `${slack.url}/services/T000/B000/${WEBHOOK_SECRET}`, when: ['pipeline.complete'] },
          { type: 'microsoftteams', address: `${teams.url}/webhookb2/abc`, when: ['pipeline.starting', 'pipeline.complete'] },
          { type: 'googlechat', address: `${chat.url}/v1/spaces/AAA/messages?key=k&token=t`, when: ['pipeline.complete'] },
          { type: 'githubStatus', when: ['pipeline.starting', 'pipeline.complete'] },
          { type: 'webhook', address: hookUrl, when: ['pipeline.starting', 'pipeline.complete', 'pipeline.failed'] },
          { type: 'email', address: 'team@example.com', cc: 'lead@example.com', when: ['pipeline.complete'] },
        ],
      },
    );
    const handle = await start(config, { type: 'git', parameters: { version: '1.2.3' }, hash: SHA, project: 'acme', slug: 'shop', source: 'github', branch: 'main' });
    const id = handle.workflowId;

    const waiting = await waitForExecution(handle, (e) => records(e, { event: 'manualJudgment' }).length === 3 && records(e, { event: 'manualJudgment' }).every((r) => r.status === 'SENT'), 30_000);
    const judgmentStage = stage(waiting, 'mj');
    const judgmentMessage = slack.calls('/api/chat.postMessage').find((m) => JSON.stringify(m.blocks).includes('gennaker_judgment_continue'));
    assert.ok(judgmentMessage, 'the judgment message carries buttons');
    assert.equal(judgmentMessage.channel, '#deploys');
    const actions = (judgmentMessage.blocks as { type: string; elements?: { type: string; action_id: string; value?: string; options?: { value: string }[] }[] }[]).find((b) => b.type === 'actions')!;
    assert.deepEqual(actions.elements!.map((e) => e.type), ['static_select', 'button', 'button']);
    assert.deepEqual(actions.elements![0].options!.map((o) => o.value), ['ship', 'hold']);
    assert.deepEqual(JSON.parse(actions.elements![1].value!), { executionId: id, stageId: judgmentStage.id });
    assert.match(JSON.stringify(judgmentMessage.blocks), /Check version 1\.2\.3/);

    await handle.executeUpdate(patchStageUpdate, { args: [{ stage: judgmentStage.id, judgmentStatus: 'continue', judgmentInput: 'ship', user: 'bob' }] });
    const done = await result(handle);
    assert.equal(done.status, 'SUCCEEDED');

    // The document: one SENT record per (event, target), nothing pending.
    const all = records(done);
    assert.equal(all.length, 19, JSON.stringify(all, null, 1));
    assert.deepEqual(all.filter((r) => r.status !== 'SENT'), []);
    assert.ok(all.every((r) => r.attempts === 1));

    // Generic webhook: Echo's event shape, one request per event with its own idempotency key.
    const events = forExecution(id, hooks.requests).filter((r) => r.url === '/events');
    const types = events.map((r) => (JSON.parse(r.body) as { details: { type: string } }).details.type);
    assert.deepEqual([...types].sort(), ['orca:manualJudgment', 'orca:manualJudgmentContinue', 'orca:pipeline:complete', 'orca:pipeline:starting', 'orca:stage:complete', 'orca:stage:complete', 'orca:stage:starting'].sort());
    const keys = events.map((r) => r.headers['idempotency-key']);
    assert.equal(new Set(keys).size, events.length, 'one idempotency key per event');
    const complete = JSON.parse(events.find((r) => r.body.includes('orca:pipeline:complete'))!.body);
    assert.equal(complete.details.source, 'orca');
    assert.equal(complete.details.application, 'testapp');
    assert.equal(complete.content.executionId, id);
    assert.equal(complete.content.execution.id, id);
    assert.equal(complete.content.execution.trigger.hash, SHA);
    assert.ok(keys.includes(complete.eventId), 'eventId is the idempotency key');

    // Slack: bot posts (starting, judgment, judged, complete with the evaluated custom text) and one incoming webhook post.
    const posts = forExecution(id, slack.requests.filter((r) => r.url === '/api/chat.postMessage'));
    assert.equal(posts.length, 4);
    const texts = posts.map((p) => JSON.stringify(JSON.parse(p.body).blocks));
    assert.ok(texts.some((t) => t.includes('Shipped 1.2.3 for alice')), 'custom message with evaluated expressions');
    assert.ok(texts.some((t) => t.includes('was judged to continue by bob (ship)')));
    assert.ok(texts.every((t) => t.includes(`${PUBLIC_URL}/#/applications/testapp/executions/details/${id}`)), 'every message links to the execution');
    assert.equal(forExecution(id, slack.requests.filter((r) => r.url.startsWith('/services/T000/B000/'))).length, 1);

    // Teams cards, Google Chat text, GitHub statuses.
    assert.equal(forExecution(id, teams.requests).length, 2);
    const card = JSON.parse(forExecution(id, teams.requests).find((r) => r.body.includes('completed successfully'))!.body);
    assert.equal(card.title, 'Pipeline complete for TESTAPP');
    const chatMessages = forExecution(id, chat.requests);
    assert.equal(chatMessages.length, 1);
    assert.match(JSON.parse(chatMessages[0].body).text, /has completed successfully/);
    assert.equal(new URL(chatMessages[0].url, 'http://x').searchParams.get('threadKey'), id);
    const statuses = github.requests.filter((r) => r.url === `/repos/acme/shop/statuses/${SHA}` && r.body.includes(id));
    assert.deepEqual(statuses.map((r) => JSON.parse(r.body).state).sort(), ['pending', 'success']);
    assert.deepEqual(
      { ...JSON.parse(statuses.find((r) => r.body.includes('success'))!.body), target_url: undefined },
      { state: 'success', description: `Pipeline '${config.name}' is complete`, context: `pipeline/${config.name}`, target_url: undefined },
    );

    // Email over real SMTP: the judgment mail and the completion mail (with cc), logged in, Message-ID from the idempotency key.
    const mails = smtp.messages.filter((m) => m.mail.text?.includes(id));
    assert.equal(mails.length, 2);
    const completion = mails.find((m) => m.mail.subject === 'Pipeline complete for TESTAPP')!;
    assert.deepEqual(completion.to.sort(), ['lead@example.com', 'team@example.com']);
    assert.equal(completion.from, 'gennaker@example.com');
    assert.equal(completion.user, 'gennaker');
    assert.match(completion.mail.messageId ?? '', /@gennaker>$/);
    assert.equal(completion.mail.headers.get('x-gennaker-event'), 'pipeline.complete');
    assert.match(completion.mail.text ?? '', /Testapp's .* pipeline has completed successfully/);
    assert.match(completion.mail.html || '', /<a href="https:\/\/deck\.example\.com\/#\/applications\/testapp\/executions\/details\//);
    const judgmentMail = mails.find((m) => m.to.includes('approvers@example.com'))!;
    assert.equal(judgmentMail.mail.subject, 'Manual judgment awaiting for TESTAPP');
    assert.match(judgmentMail.mail.text ?? '', /Instructions: Check version 1\.2\.3/);

    for (const standIn of [slack, teams, chat, github]) assert.deepEqual(standIn.problems, []);

    // Secrets: never in the document, never in a log line; webhook URLs are shown without their secret path.
    const document = JSON.stringify(done);
    const logs = logText();
    assert.match(logs, /notification sent/);
    for (const secret of [SLACK_TOKEN, GITHUB_TOKEN, SMTP_PASSWORD, WEBHOOK_SECRET]) {
      assert.ok(!document.includes(secret), `the execution document leaks ${secret.slice(0, 12)}…`);
      assert.ok(!logs.includes(secret), `the log leaks ${secret.slice(0, 12)}…`);
    }
    assert.ok(all.some((r) => r.address === `${slack.url}/services/…`));
  });

  it('a failing channel is retried, recorded as FAILED in the document and logged; the pipeline still SUCCEEDS', async () => {
    const config = pipelineConfig([{ refId: '1', type: 'noop', name: 'Only' }], {
      notifications: [
        { type: 'webhook', address: `${hooks.url}/always-500`, when: ['pipeline.complete'] },
        { type: 'webhook', address: `${hooks.url}/gone-404`, when: ['pipeline.complete'] },
        { type: 'webhook', address: `${hooks.url}/once-500/${randomUUID()}`, when: ['pipeline.complete'] },
        { type: 'slack', address: 'not a channel', when: ['pipeline.complete'] },
      ],
    });
    const handle = await start(config);
    const done = await result(handle);
    assert.equal(done.status, 'SUCCEEDED');
    const byAddress = (prefix: string) => done.notifications!.find((r) => (r.address ?? '').startsWith(prefix))!;
    assert.deepEqual(
      { ...byAddress(`${hooks.url}/always-500`), startTime: 0, endTime: 0 },
      { type: 'webhook', address: `${hooks.url}/always-500/…`, event: 'pipeline.complete', status: 'FAILED', attempts: 3, error: 'webhook answered 500: {"error":"down"}; will retry', startTime: 0, endTime: 0 },
    );
    assert.equal(byAddress(`${hooks.url}/gone-404`).status, 'FAILED');
    assert.equal(byAddress(`${hooks.url}/gone-404`).attempts, 1, 'a 4xx is not retried');
    const retried = byAddress(`${hooks.url}/once-500`);
    assert.equal(retried.status, 'SENT');
    assert.equal(retried.attempts, 2);
    const onceCalls = hooks.requests.filter((r) => r.url.startsWith('/once-500') && r.body.includes(handle.workflowId));
    assert.equal(onceCalls.length, 2);
    assert.equal(onceCalls[0].headers['idempotency-key'], onceCalls[1].headers['idempotency-key'], 'a retry carries the same idempotency key');
    const slackRecord = done.notifications!.find((r) => r.type === 'slack')!;
    assert.equal(slackRecord.status, 'FAILED');
    assert.equal(slackRecord.error, 'Slack chat.postMessage refused: channel_not_found');
    assert.equal(slackRecord.attempts, 1);
    assert.match(logText(), /notification delivery failed/);
  });

  it('a slow channel does not hold the next stage: delivery continues in the background and is awaited before the end', async () => {
    const gate = await startGateProxy(hooks.url);
    gate.close();
    try {
      const config = pipelineConfig([
        { refId: 'a', type: 'noop', name: 'A', sendNotifications: true, notifications: [{ type: 'webhook', address: `${gate.url}/events`, when: ['stage.complete'] }] },
        { refId: 'b', type: 'noop', name: 'B', requisiteStageRefIds: ['a'] },
      ]);
      const handle = await start(config);
      const meanwhile = await waitForExecution(handle, (e) => stage(e, 'b').status === 'SUCCEEDED' && gate.held > 0, 20_000);
      assert.equal(records(meanwhile, { event: 'stage.complete' })[0].status, 'SENDING', 'stage B ran while the notification of A was held');
      gate.open();
      const done = await result(handle);
      assert.equal(done.status, 'SUCCEEDED');
      assert.equal(records(done, { event: 'stage.complete' })[0].status, 'SENT');
    } finally {
      gate.open();
      await gate.stop();
    }
  });

  it('a stage without sendNotifications and a pipeline without notifications send nothing', async () => {
    const config = pipelineConfig([{ refId: '1', type: 'noop', name: 'Quiet', notifications: [{ type: 'webhook', address: `${hooks.url}/events`, when: ['stage.complete'] }] }]);
    const before = hooks.requests.length;
    const done = await result(await start(config));
    assert.equal(done.status, 'SUCCEEDED');
    assert.equal(done.notifications, undefined);
    assert.equal(forExecution(done.id, hooks.requests.slice(before)).length, 0);
  });
});
