import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type ApiHarness, startApi, uniqueName } from './support/harness';
import { kubeconfigYaml } from './support/kubeconfig';

const TOKENS = {
  'dev-token-0123456789ab': { user: 'dev', roles: ['dev'] },
  'root-token-0123456789a': { user: 'root', roles: ['Platform'] },
};
const dev = { authorization: 'Bearer dev-token-0123456789ab' };
const root = { authorization: 'Bearer root-token-0123456789a' };

describe('deploy accounts with auth on: anyone authenticated reads, admins manage', () => {
  let api: ApiHarness;
  before(async () => {
    api = await startApi({ auth: { tokens: TOKENS, trustedHeader: 'X-Forwarded-User', rolesHeader: 'X-Forwarded-Groups', adminRoles: ['platform'] } });
  });
  after(() => api.close());

  const account = (name: string) => ({ name, type: 'kubernetes', kubeconfig: kubeconfigYaml() });

  test('without credentials every /credentials route is a 401', async () => {
    const name = uniqueName('auth');
    for (const [method, path, body] of [['GET', '/credentials'], ['GET', `/credentials/${name}`], ['POST', '/credentials', account(name)], ['DELETE', `/credentials/${name}`]] as const) {
      assert.equal((await api.request(method, path, body)).status, 401, `${method} ${path}`);
    }
  });

  test('a user without an admin role reads accounts but may not create or delete them', async () => {
    const name = uniqueName('auth');
    const denied = await api.request('POST', '/credentials', account(name), dev);
    assert.equal(denied.status, 403);
    assert.equal(denied.body.message, 'dev may not manage accounts: that needs an admin role (GENNAKER_AUTH_ADMIN_ROLES)');
    assert.equal((await api.request('GET', `/credentials/${name}`, undefined, root)).status, 404, 'nothing was stored');

    assert.equal((await api.request('POST', '/credentials', account(name), root)).status, 200);
    assert.ok((await api.request('GET', '/credentials', undefined, dev)).body.some((a: { name: string }) => a.name === name));
    assert.equal((await api.request('GET', `/credentials/${name}`, undefined, dev)).body.kubeconfigInline, true);
    assert.equal((await api.request('DELETE', `/credentials/${name}`, undefined, dev)).status, 403);
    assert.equal((await api.request('GET', `/credentials/${name}`, undefined, dev)).status, 200, 'the account is still there');
    assert.equal((await api.request('DELETE', `/credentials/${name}`, undefined, root)).status, 200);
  });

  test('an admin role from the trusted proxy headers manages accounts too (roles compared without case)', async () => {
    const name = uniqueName('proxy');
    const asProxy = (groups: string) => ({ 'x-forwarded-user': 'erin', 'x-forwarded-groups': groups });
    assert.equal((await api.request('POST', '/credentials', account(name), asProxy('dev'))).status, 403);
    assert.equal((await api.request('POST', '/credentials', account(name), asProxy('dev, PLATFORM'))).status, 200);
    assert.ok(api.loggedInfo.some((line) => line.startsWith('account created') && line.includes('"user":"erin"') && line.includes(name)), 'the creator is logged');
    assert.equal((await api.request('DELETE', `/credentials/${name}`, undefined, asProxy('platform'))).status, 200);
  });

  test('invalid input from a non-admin is a 403, before any validation', async () => {
    assert.equal((await api.request('POST', '/credentials', { name: 'Bad' }, dev)).status, 403);
    assert.equal((await api.request('POST', '/credentials', { name: 'Bad' }, root)).status, 400);
  });
});
