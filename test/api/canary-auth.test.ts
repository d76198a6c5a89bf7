import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { canaryConfig, executionRequest } from './support/canary';
import { type ApiHarness, startApi, uniqueName } from './support/harness';

const TOKENS = {
  'dev-token-0123456789ab': { user: 'dev', roles: ['dev'] },
  'ops-token-0123456789ab': { user: 'ops', roles: ['ops'] },
  'qa-token-0123456789abc': { user: 'qa', roles: ['qa'] },
};
const as = (token: keyof typeof TOKENS) => ({ authorization: `Bearer ${token}` });
const dev = as('dev-token-0123456789ab');
const ops = as('ops-token-0123456789ab');
const qa = as('qa-token-0123456789abc');

describe('canary configs and executions with application permissions', () => {
  let api: ApiHarness;
  const app = uniqueName('secured-canary');
  let configId: string;

  before(async () => {
    // No worker: these tests are about who may start and read, not about the verdicts.
    api = await startApi({ auth: { tokens: TOKENS } });
    const task = {
      job: [{ type: 'createApplication', application: { name: app, permissions: { READ: ['dev', 'ops'], WRITE: ['ops'], EXECUTE: ['ops'] } } }],
      application: app,
    };
    await api.request('POST', '/tasks', task, ops);
    const created = await api.request('POST', '/v2/canaryConfig', canaryConfig('latency', [app]), ops);
    assert.equal(created.status, 200);
    configId = created.body.canaryConfigId;
  });
  after(() => api.close());

  test('READ: get and list for the readers only', async () => {
    assert.equal((await api.request('GET', '/v2/canaryConfig')).status, 401);
    assert.equal((await api.request('GET', `/v2/canaryConfig/${configId}`, undefined, dev)).status, 200);
    assert.equal((await api.request('GET', `/v2/canaryConfig/${configId}`, undefined, qa)).status, 403);
    const listed = await api.request('GET', `/v2/canaryConfig?application=${app}`, undefined, qa);
    assert.deepEqual(listed.body, [], 'lists leave out what the caller cannot read');
  });

  test('WRITE: saving and deleting need a WRITE role on every application of the config', async () => {
    const denied = await api.request('PUT', `/v2/canaryConfig/${configId}`, canaryConfig('latency', [app]), dev);
    assert.equal(denied.status, 403);
    assert.match(denied.body.message, new RegExp(`dev lacks WRITE permission on application '${app}'`));
    assert.equal((await api.request('POST', '/v2/canaryConfig', canaryConfig('other', [uniqueName('open'), app]), dev)).status, 403);
    assert.equal((await api.request('DELETE', `/v2/canaryConfig/${configId}`, undefined, dev)).status, 403);
    assert.equal((await api.request('PUT', `/v2/canaryConfig/${configId}`, canaryConfig('latency', [app]), ops)).status, 200);
  });

  test('EXECUTE to start a one-off canary, READ to read it', async () => {
    const body = { canaryConfigId: configId, executionRequest: executionRequest() };
    assert.equal((await api.request('POST', '/v2/canaries/canary', body, dev)).status, 403);
    const started = await api.request('POST', '/v2/canaries/canary', body, ops);
    assert.equal(started.status, 200);
    const id = started.body.canaryExecutionId;
    assert.equal((await api.request('GET', `/v2/canaries/canary/${id}`, undefined, dev)).status, 200);
    assert.equal((await api.request('GET', `/v2/canaries/canary/${id}`, undefined, qa)).status, 403);
    await api.temporal.workflow.getHandle(id).terminate('test cleanup');
  });

  test('no request above logged an internal error', () => {
    assert.deepEqual(api.loggedErrors, []);
  });
});
