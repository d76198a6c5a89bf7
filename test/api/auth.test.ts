import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PipelineExecution } from '../../workflows/model/execution';
import { startTestWorker, type TestWorker } from '../helpers/worker';
import { type ApiHarness, eventually, startApi, uniqueName } from './support/harness';

const TOKENS = {
  'alice-token-0123456789': { user: 'alice', roles: ['dev'] },
  'bob-token-0123456789ab': { user: 'bob', roles: ['ops'] },
  'dave-token-0123456789a': { user: 'dave', roles: ['ops', 'approvers'] },
  'carol-token-0123456789': { user: 'carol', roles: ['qa'] },
  'root-token-0123456789a': { user: 'root', roles: ['admins'] },
};
const as = (token: keyof typeof TOKENS) => ({ authorization: `Bearer ${token}` });
const alice = as('alice-token-0123456789');
const bob = as('bob-token-0123456789ab');
const dave = as('dave-token-0123456789a');
const carol = as('carol-token-0123456789');
const root = as('root-token-0123456789a');

describe('API tokens and application permissions', () => {
  let worker: TestWorker;
  let api: ApiHarness;
  const app = uniqueName('secured');

  before(async () => {
    worker = await startTestWorker();
    api = await startApi({ taskQueue: worker.taskQueue, auth: { tokens: TOKENS, adminRoles: ['admins'] } });
    const task = {
      job: [
        {
          type: 'createApplication',
          application: { name: app, email: 'a@example.com', permissions: { READ: ['dev', 'ops'], WRITE: ['ops'], EXECUTE: ['ops'] } },
        },
      ],
      application: app,
    };
    const created = await api.request('POST', '/tasks', task, alice);
    assert.equal((await api.request('GET', created.body.ref, undefined, alice)).body.status, 'SUCCEEDED');
  });
  after(async () => {
    await api.close();
    await worker.shutdown();
  });

  test('no or a wrong token is a JSON 401; /version and /openapi.json stay open', async () => {
    const none = await api.request('GET', '/applications');
    assert.equal(none.status, 401);
    assert.match(none.contentType ?? '', /^application\/json/);
    assert.equal(none.body.error, 'Unauthorized');
    assert.equal((await api.request('GET', '/applications', undefined, { authorization: 'Bearer wrong' })).status, 401);
    assert.equal((await api.request('GET', '/version')).status, 200);
    assert.equal((await api.request('GET', '/openapi.json')).status, 200);
  });

  test('READ: listed and readable for its roles only', async () => {
    assert.equal((await api.request('GET', `/applications/${app}`, undefined, alice)).status, 200);
    const denied = await api.request('GET', `/applications/${app}`, undefined, carol);
    assert.equal(denied.status, 403);
    assert.equal(denied.body.error, 'Forbidden');
    const carolsList = await api.request('GET', '/applications', undefined, carol);
    assert.ok(!carolsList.body.some((a: { name: string }) => a.name === app));
    assert.equal((await api.request('GET', `/applications/${app}/pipelineConfigs`, undefined, carol)).status, 403);
  });

  test('WRITE: saving a pipeline or updating the application needs a WRITE role', async () => {
    const pipeline = {
      application: app,
      name: 'gated',
      stages: [{ refId: '1', type: 'manualJudgment', name: 'Approve', requiredJudgmentRoles: ['approvers'] }],
    };
    assert.equal((await api.request('POST', '/pipelines', pipeline, alice)).status, 403);
    const saved = await api.request('POST', '/pipelines', { ...pipeline, lastModifiedBy: 'mallory' }, bob);
    assert.equal(saved.status, 200);
    assert.equal(saved.body.lastModifiedBy, 'bob');
    const update = { job: [{ type: 'updateApplication', application: { name: app, description: 'x' } }], application: app };
    assert.equal((await api.request('POST', '/tasks', update, alice)).status, 403);
    assert.equal((await api.request('DELETE', `/pipelines/${app}/gated`, undefined, alice)).status, 403);
  });

  let executionId: string;

  test('EXECUTE: starting needs an EXECUTE role; the trigger user is the authenticated one', async () => {
    assert.equal((await api.request('POST', `/pipelines/${app}/gated`, {}, alice)).status, 403);
    const started = await api.request('POST', `/pipelines/${app}/gated`, { user: 'mallory' }, bob);
    assert.equal(started.status, 202);
    executionId = started.body.ref.split('/')[2];
    const execution = await api.request<PipelineExecution>('GET', started.body.ref, undefined, alice);
    assert.equal(execution.body.trigger.user, 'bob');
    assert.equal((await api.request('GET', started.body.ref, undefined, carol)).status, 403);
    const byId = await api.request('GET', `/executions?executionIds=${executionId}`, undefined, carol);
    assert.deepEqual(byId.body, []);
  });

  test("judgment roles come from the caller's credentials, not the body", async () => {
    await eventually(async () => {
      const res = await api.request<PipelineExecution>('GET', `/pipelines/${executionId}`, undefined, bob);
      return res.body.stages[0].status === 'RUNNING' ? true : undefined;
    }, 'judgment waiting');
    const claimed = await api.request(
      'PATCH',
      `/pipelines/${executionId}/stages/1`,
      { judgmentStatus: 'continue', roles: ['approvers'] },
      bob,
    );
    assert.equal(claimed.status, 409, 'roles in the body are ignored when authenticated');
    assert.match(claimed.body.message, /role/);
    const judged = await api.request('PATCH', `/pipelines/${executionId}/stages/1`, { judgmentStatus: 'continue' }, dave);
    assert.equal(judged.status, 200, JSON.stringify(judged.body));
    assert.equal(judged.body.stages[0].context.judgedBy, 'dave');
  });

  test('admin roles may do everything', async () => {
    assert.equal((await api.request('GET', `/applications/${app}`, undefined, root)).status, 200);
    assert.equal((await api.request('DELETE', `/pipelines/${app}/gated`, undefined, root)).status, 200);
  });

  test('no client mistake above logged an internal error', () => {
    assert.deepEqual(api.loggedErrors, []);
  });
});

describe('trusted-header mode', () => {
  let api: ApiHarness;
  before(async () => {
    api = await startApi({ auth: { trustedHeader: 'X-Forwarded-User', rolesHeader: 'X-Forwarded-Groups' } });
  });
  after(() => api.close());

  test('the proxy-set user and roles identify the caller; without them it is a 401', async () => {
    const app = uniqueName('proxied');
    const headers = { 'x-forwarded-user': 'erin', 'x-forwarded-groups': 'ops, dev' };
    const task = {
      job: [{ type: 'createApplication', application: { name: app, permissions: { READ: ['dev'], WRITE: ['ops'] } } }],
    };
    assert.equal((await api.request('POST', '/tasks', task)).status, 401);
    assert.equal((await api.request('POST', '/tasks', task, headers)).status, 200);
    const saved = await api.request('POST', '/pipelines', { application: app, name: 'p', stages: [] }, headers);
    assert.equal(saved.status, 200);
    assert.equal(saved.body.lastModifiedBy, 'erin');
    const readOnly = { 'x-forwarded-user': 'frank', 'x-forwarded-groups': 'dev' };
    assert.equal((await api.request('GET', `/applications/${app}/pipelineConfigs/p`, undefined, readOnly)).status, 200);
    assert.equal((await api.request('DELETE', `/pipelines/${app}/p`, undefined, readOnly)).status, 403);
  });
});
