import type { Client, WorkflowHandle } from '@temporalio/client';
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../api/app';
import type { AuthSettings } from '../../api/auth';
import type { SlackInteractionSettings } from '../../api/slack/config';
import { createCanaryExecutionService } from '../../api/temporal/canary-executions';
import { createExecutionService } from '../../api/temporal/execution-service';
import { createAccountStore } from '../../prisma/account-store';
import { createApplicationStore } from '../../prisma/application-store';
import { createCanaryConfigStore } from '../../prisma/canary-config-store';
import { createPrismaClient, type PrismaClient } from '../../prisma/client';
import { createPipelineStore } from '../../prisma/pipeline-store';
import { createTaskStore } from '../../prisma/task-store';
import type { PipelineExecution } from '../../workflows/model/execution';
import { startSlackStandIn } from '../helpers/chat-stand-ins';
import { testEnv } from '../helpers/env';
import { startNotificationWorker, type NotificationWorker } from '../helpers/notification-worker';
import { pipelineConfig, result, stage, startPipeline, waitForExecution } from '../helpers/pipelines';

const SIGNING_SECRET = `signing-${randomUUID()}`;
const BOT_TOKEN = `xoxb-test-${randomUUID()}`;

let slack: Awaited<ReturnType<typeof startSlackStandIn>>;
let worker: NotificationWorker;
let prisma: PrismaClient;
const servers: Server[] = [];

/** The real API app with Slack interactions configured, on an ephemeral port. */
async function startApi(auth?: AuthSettings): Promise<string> {
  const env = testEnv();
  const namespace = env.namespace;
  const settings: SlackInteractionSettings = {
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
    apiUrl: slack.apiUrl,
    users: { U_ALICE: { user: 'alice', roles: ['release-managers'] }, U_CAROL: { user: 'carol', roles: ['developers'] } },
  };
  const app = createApp({
    applications: createApplicationStore(prisma),
    pipelines: createPipelineStore(prisma),
    tasks: createTaskStore(prisma),
    executions: createExecutionService({ client: worker.client, namespace, taskQueue: worker.taskQueue }),
    canaryConfigs: createCanaryConfigStore(prisma),
    canaries: createCanaryExecutionService({ client: worker.client, namespace, taskQueue: worker.taskQueue }),
    accounts: createAccountStore(prisma),
    auth,
    slack: settings,
  });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

before(async () => {
  slack = await startSlackStandIn({ botToken: BOT_TOKEN, emails: { U_BOB: 'bob@example.com' } });
  worker = await startNotificationWorker({ publicUrl: 'https://deck.example.com', slack: { botToken: BOT_TOKEN, apiUrl: slack.apiUrl }, github: { apiUrl: 'http://127.0.0.1:9' }, webhookTargets: { allowLinkLocal: false } });
  prisma = createPrismaClient(testEnv().databaseUrl, { maxConnections: 2 });
});

after(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await worker.shutdown();
  await prisma.$disconnect();
  await slack.close();
});

/** A pipeline whose judgment stage posts its Slack message with buttons; a wait after it keeps the execution running. */
function judgmentConfig(extra: Record<string, unknown> = {}) {
  return pipelineConfig([
    {
      refId: 'mj',
      type: 'manualJudgment',
      name: 'Approve',
      judgmentInputs: [{ value: 'ship' }, { value: 'hold' }],
      sendNotifications: true,
      notifications: [{ type: 'slack', address: '#deploys', when: ['manualJudgment'] }],
      ...extra,
    },
    { refId: 'soak', type: 'wait', name: 'Soak', waitTime: 600, requisiteStageRefIds: ['mj'] },
  ]);
}

interface PostedMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: { type: string; block_id?: string; elements?: { action_id: string; value?: string }[] }[];
}

/** Starts the execution and waits for its judgment message at the Slack stand-in. */
async function startAndAwaitMessage(client: Client, config = judgmentConfig()): Promise<{ handle: WorkflowHandle; message: PostedMessage }> {
  const handle = await startPipeline(client, worker.taskQueue, config);
  await waitForExecution(handle, (e) => e.notifications?.some((r) => r.event === 'manualJudgment' && r.status === 'SENT') === true, 30_000);
  const index = slack.requests.findIndex((r) => r.url === '/api/chat.postMessage' && r.body.includes(handle.workflowId));
  const posted = JSON.parse(slack.requests[index].body) as PostedMessage;
  // The ts Slack answered for this post (the stand-in numbers them in order).
  const ts = `${1_700_000_000 + slack.requests.slice(0, index + 1).filter((r) => r.url === '/api/chat.postMessage' || r.url === '/api/chat.update').length}.000100`;
  return { handle, message: { ...posted, ts } };
}

/** Slack's `block_actions` payload for a click on one of the message's buttons. */
function clickPayload(message: PostedMessage, actionId: string, slackUser: string, input?: string) {
  const button = message.blocks.find((b) => b.type === 'actions')!.elements!.find((e) => e.action_id === actionId)!;
  const responseId = randomUUID();
  return {
    responseUrl: `${slack.url}/respond/${responseId}`,
    payload: {
      type: 'block_actions',
      user: { id: slackUser, username: slackUser.toLowerCase() },
      api_app_id: 'A0GENNAKER',
      container: { type: 'message', message_ts: message.ts, channel_id: 'C0DEPLOYS' },
      channel: { id: 'C0DEPLOYS', name: 'deploys' },
      message: { type: 'message', ts: message.ts, text: message.text, blocks: message.blocks },
      state: { values: input ? { gennaker_judgment: { gennaker_judgment_input: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: input }, value: input } } } } : {} },
      response_url: `${slack.url}/respond/${responseId}`,
      actions: [{ type: 'button', action_id: actionId, block_id: 'gennaker_judgment', value: button.value, action_ts: '1.2' }],
    },
  };
}

/** POSTs like Slack: form-encoded `payload=`, signed with v0 HMAC over `v0:ts:body`. */
async function postInteraction(baseUrl: string, payload: unknown, options: { secret?: string; timestamp?: number } = {}) {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', options.secret ?? SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const response = await fetch(`${baseUrl}/webhooks/slack/interactions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Slack-Request-Timestamp': String(timestamp), 'X-Slack-Signature': signature },
    body,
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

const replies = (responseUrl: string) => slack.requests.filter((r) => r.url === new URL(responseUrl).pathname).map((r) => JSON.parse(r.body) as { text?: string; replace_original?: boolean });
const judgment = (e: PipelineExecution) => stage(e, 'mj').context;

describe('judgment from Slack (stand-in for Slack checking the Block Kit and Web API shapes)', () => {
  let openApi: string;
  before(async () => {
    openApi = await startApi();
  });

  it('a signed click judges through the same Update as REST and updates the original message with who judged and when', async () => {
    const { handle, message } = await startAndAwaitMessage(worker.client);
    const click = clickPayload(message, 'gennaker_judgment_continue', 'U_BOB', 'ship');
    const answer = await postInteraction(openApi, click.payload);
    assert.equal(answer.status, 200);
    const judged = await waitForExecution(handle, (e) => judgment(e).judgmentStatus === 'continue');
    assert.equal(judgment(judged).judgedBy, 'bob@example.com', 'the Slack user was mapped by email through users.info');
    assert.equal(judgment(judged).judgmentInput, 'ship');
    assert.equal(stage(judged, 'mj').status, 'SUCCEEDED');

    const update = slack.calls('/api/chat.update').find((u) => u.ts === message.ts);
    assert.ok(update, 'chat.update was called for the original message');
    assert.equal(update.channel, 'C0DEPLOYS');
    const blocks = JSON.stringify(update.blocks);
    assert.ok(!blocks.includes('gennaker_judgment_continue'), 'the buttons are gone');
    assert.match(blocks, /\*Continue\* \(ship\) by bob@example\.com at <!date\^\d+\^/);
    assert.deepEqual(slack.problems, []);
    await handle.cancel();
  });

  it('a bad signature or a stale timestamp is refused with 401 and changes nothing', async () => {
    const { handle, message } = await startAndAwaitMessage(worker.client);
    const click = clickPayload(message, 'gennaker_judgment_continue', 'U_ALICE');
    const forged = await postInteraction(openApi, click.payload, { secret: 'not-the-signing-secret' });
    assert.equal(forged.status, 401);
    assert.match(String(forged.body?.message), /signature/);
    const stale = await postInteraction(openApi, click.payload, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    assert.equal(stale.status, 401);
    assert.match(String(stale.body?.message), /stale/);
    const unsigned = await fetch(`${openApi}/webhooks/slack/interactions`, { method: 'POST', body: 'payload=%7B%7D', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    assert.equal(unsigned.status, 401);

    const current = await waitForExecution(handle, () => true);
    assert.equal(judgment(current).judgmentStatus, undefined);
    assert.equal(stage(current, 'mj').status, 'RUNNING');
    assert.equal(replies(click.responseUrl).length, 0);
    assert.ok(!slack.calls('/api/chat.update').some((u) => u.ts === message.ts));
    await handle.cancel();
  });

  it('a duplicate or late click is refused with a reply to response_url, and the first judgment stands', async () => {
    const { handle, message } = await startAndAwaitMessage(worker.client);
    assert.equal((await postInteraction(openApi, clickPayload(message, 'gennaker_judgment_continue', 'U_ALICE').payload)).status, 200);
    await waitForExecution(handle, (e) => judgment(e).judgmentStatus === 'continue');
    const second = clickPayload(message, 'gennaker_judgment_stop', 'U_BOB');
    assert.equal((await postInteraction(openApi, second.payload)).status, 200);
    const [reply] = replies(second.responseUrl);
    assert.ok(reply, 'the second click got an answer');
    assert.equal(reply.replace_original, false);
    assert.match(reply.text ?? '', /^Not judged: .*(not awaiting judgment|already judged)/);
    const current = await waitForExecution(handle, () => true);
    assert.equal(judgment(current).judgmentStatus, 'continue');
    assert.equal(judgment(current).judgedBy, 'alice');
    await handle.cancel();
  });

  it('an unmapped Slack user is refused with a reply that says why', async () => {
    const { handle, message } = await startAndAwaitMessage(worker.client);
    const click = clickPayload(message, 'gennaker_judgment_continue', 'U_NOBODY');
    assert.equal((await postInteraction(openApi, click.payload)).status, 200);
    assert.match(replies(click.responseUrl)[0]?.text ?? '', /not mapped to a Gennaker user/);
    assert.equal(judgment(await waitForExecution(handle, () => true)).judgmentStatus, undefined);
    await handle.cancel();
  });

  it('a malformed payload with a valid signature is a 400 naming the field', async () => {
    const body = 'payload=not-json';
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    const response = await fetch(`${openApi}/webhooks/slack/interactions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Slack-Request-Timestamp': String(timestamp), 'X-Slack-Signature': signature },
      body,
    });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { errors: { path: string }[] }).errors[0].path, 'payload');
  });
});

describe('judgment from Slack with authentication on', () => {
  let securedApi: string;
  before(async () => {
    securedApi = await startApi({ tokens: { [`token-${randomUUID()}`]: { user: 'dave', roles: ['release-managers'] } } });
  });

  it('a user without the judgment role is refused and the reply says so; a user with it judges', async () => {
    const { handle, message } = await startAndAwaitMessage(worker.client, judgmentConfig({ requiredJudgmentRoles: ['release-managers'] }));
    const carol = clickPayload(message, 'gennaker_judgment_continue', 'U_CAROL');
    assert.equal((await postInteraction(securedApi, carol.payload)).status, 200, 'Slack needs no Gennaker token: the signature authenticates it');
    assert.match(replies(carol.responseUrl)[0]?.text ?? '', /Not judged: user 'carol' lacks a role required to judge 'Approve' \(release-managers\)/);
    assert.equal(judgment(await waitForExecution(handle, () => true)).judgmentStatus, undefined);

    const alice = clickPayload(message, 'gennaker_judgment_stop', 'U_ALICE');
    assert.equal((await postInteraction(securedApi, alice.payload)).status, 200);
    const done = await result(handle);
    assert.equal(done.status, 'TERMINAL');
    assert.equal(judgment(done).judgmentStatus, 'stop');
    assert.equal(judgment(done).judgedBy, 'alice');
    assert.match(JSON.stringify(slack.calls('/api/chat.update').find((u) => u.ts === message.ts)?.blocks), /\*Stop\* by alice/);
  });
});
