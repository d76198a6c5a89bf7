import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSlackInteractionConfig } from '../../api/slack/config';
import { checkSlackSignature } from '../../api/slack/signature';
import { createHmac } from 'node:crypto';
import { parseWorkerConfig } from '../../worker/config';
import { displayAddress } from '../../workflows/model/notification';
import { validatePipelineConfig } from '../../workflows/validation/pipeline';

const base = { application: 'shop', name: 'deploy', stages: [{ refId: '1', type: 'noop', name: 'One' }] };

describe('notification config is validated at save, every problem with its path', () => {
  it('accepts the Spinnaker shapes of every channel', () => {
    const problems = validatePipelineConfig({
      ...base,
      notifications: [
        { type: 'slack', address: 'deploys', level: 'pipeline', when: ['pipeline.starting', 'pipeline.complete', 'pipeline.failed'], message: { 'pipeline.failed': { text: 'Failed: ${execution.id}' } } },
        { type: 'slack', address: 'https://hooks.slack.com/services/T/B/X', when: ['pipeline.complete'] },
        { type: 'email', address: 'a@example.com, b@example.com', cc: 'c@example.com', when: ['pipeline.failed'] },
        { type: 'microsoftteams', address: 'https://example.webhook.office.com/webhookb2/x', when: ['pipeline.complete'] },
        { type: 'googlechat', address: 'https://chat.googleapis.com/v1/spaces/A/messages?key=k&token=t', when: ['pipeline.complete'] },
        { type: 'githubStatus', when: ['pipeline.starting', 'pipeline.complete'] },
        { type: 'webhook', address: 'https://hooks.example.com/gennaker', when: ['pipeline.complete'] },
      ],
      stages: [
        { refId: '1', type: 'manualJudgment', name: 'Approve', sendNotifications: true, notifications: [{ type: 'slack', address: '#deploys', when: ['manualJudgment', 'manualJudgmentContinue', 'manualJudgmentStop', 'stage.failed'] }] },
      ],
    });
    assert.deepEqual(problems, []);
  });

  it('names each bad field: type, address, events per level, message keys, expressions, sendNotifications', () => {
    const problems = validatePipelineConfig({
      ...base,
      notifications: [
        { type: 'slack', address: '#deploys', when: ['pipeline.complete', 'stage.complete'] },
        { type: 'pager', address: 'x', when: ['pipeline.complete'] },
        { type: 'email', address: 'not-an-email', when: ['pipeline.complete'] },
        { type: 'webhook', address: 'ftp://x', when: [] },
        { type: 'slack', address: '#d', when: ['pipeline.failed'], message: { 'pipeline.failed': { text: 'bad ${execution.id +}' }, 'pipeline.done': { text: 'x' } } },
        'not an object',
      ],
      stages: [
        { refId: '1', type: 'noop', name: 'One', sendNotifications: 'yes', notifications: [{ type: 'slack', address: '#d', when: ['manualJudgment'] }] },
        { refId: '2', type: 'noop', name: 'Two', notifications: { type: 'slack' } },
      ],
    });
    const paths = problems.map((p) => p.path);
    for (const path of [
      'notifications[0].when[1]',
      'notifications[1].type',
      'notifications[2].address',
      'notifications[3].address',
      'notifications[3].when',
      'notifications[4].message["pipeline.failed"].text',
      'notifications[4].message["pipeline.done"]',
      'notifications[5]',
      'stages[0].sendNotifications',
      'stages[0].notifications[0].when[0]',
      'stages[1].notifications',
    ]) {
      assert.ok(paths.includes(path), `expected a problem at ${path}; got ${JSON.stringify(problems, null, 1)}`);
    }
    assert.match(problems.find((p) => p.path === 'notifications[0].when[1]')!.message, /'stage\.complete': not available here/);
    assert.match(problems.find((p) => p.path === 'stages[0].notifications[0].when[0]')!.message, /manualJudgment/);
  });
});

describe('notification settings are validated at worker and API start', () => {
  const env = { DATABASE_URL: 'postgresql://u@127.0.0.1:5432/db' };

  it('a bad value stops the worker naming the variable, never echoing a secret', () => {
    const secret = 'xoxq_not-a-token-SECRET';
    assert.throws(
      () => parseWorkerConfig({ ...env, GENNAKER_SMTP_HOST: 'mail.example.com', GENNAKER_SMTP_PORT: 'abc', GENNAKER_SLACK_BOT_TOKEN: secret, GENNAKER_PUBLIC_URL: 'deck' }),
      (err: Error) => {
        for (const name of ['GENNAKER_SMTP_PORT', 'GENNAKER_SLACK_BOT_TOKEN', 'GENNAKER_PUBLIC_URL']) assert.match(err.message, new RegExp(`  ${name}: `));
        assert.ok(!err.message.includes(secret));
        return true;
      },
    );
    assert.throws(() => parseWorkerConfig({ ...env, GENNAKER_SMTP_HOST: 'mail.example.com', GENNAKER_SMTP_USER: 'u' }), /GENNAKER_SMTP_FROM: is required with GENNAKER_SMTP_HOST[\s\S]*GENNAKER_SMTP_PASSWORD: is required with GENNAKER_SMTP_USER/);
    const config = parseWorkerConfig({ ...env, GENNAKER_SMTP_HOST: 'mail.example.com', GENNAKER_SMTP_FROM: 'gennaker@example.com', GENNAKER_SMTP_PORT: '2525', GENNAKER_SLACK_BOT_TOKEN: 'xoxb-1-2' });
    assert.equal(config.GENNAKER_SMTP_PORT, 2525);
  });

  it('the API reads the Slack signing secret and user map, refusing a malformed map by name', () => {
    assert.equal(parseSlackInteractionConfig({}), undefined);
    assert.deepEqual(parseSlackInteractionConfig({ GENNAKER_SLACK_SIGNING_SECRET: 'signing-secret', GENNAKER_SLACK_USERS: '{"U1":"alice","b@x.io":{"user":"bob","roles":["r"]}}' })?.users, {
      U1: { user: 'alice', roles: [] },
      'b@x.io': { user: 'bob', roles: ['r'] },
    });
    assert.throws(() => parseSlackInteractionConfig({ GENNAKER_SLACK_SIGNING_SECRET: 'signing-secret', GENNAKER_SLACK_USERS: '[1]' }), /GENNAKER_SLACK_USERS/);
  });
});

describe("Slack's v0 request signature", () => {
  const secret = 'slack-signing-secret';
  const body = Buffer.from('payload=%7B%7D');
  const sign = (ts: number, raw = body) => `v0=${createHmac('sha256', secret).update(`v0:${ts}:${raw.toString()}`).digest('hex')}`;
  const now = 1_800_000_000;

  it('accepts a fresh, correct signature and refuses a wrong, stale or missing one', () => {
    assert.equal(checkSlackSignature({ secret, rawBody: body, timestamp: String(now), signature: sign(now), nowSeconds: now + 10 }), undefined);
    assert.match(checkSlackSignature({ secret, rawBody: Buffer.from('payload=%7B%22x%22%7D'), timestamp: String(now), signature: sign(now), nowSeconds: now })!, /does not match/);
    assert.match(checkSlackSignature({ secret, rawBody: body, timestamp: String(now - 301), signature: sign(now - 301), nowSeconds: now })!, /stale/);
    assert.match(checkSlackSignature({ secret, rawBody: body, timestamp: undefined, signature: sign(now), nowSeconds: now })!, /timestamp/i);
    assert.match(checkSlackSignature({ secret, rawBody: body, timestamp: String(now), signature: 'v0=abc', nowSeconds: now })!, /malformed/);
  });
});

describe('notification targets in the document hide secret URL parts', () => {
  it('keeps the host and first path segment only', () => {
    assert.equal(displayAddress('https://hooks.slack.com/services/T0/B0/SECRET'), 'https://hooks.slack.com/services/…');
    assert.equal(displayAddress('https://user:pw@example.com/hook?token=x'), 'https://example.com/hook/…');
    assert.equal(displayAddress('#deploys'), '#deploys');
  });
});
