import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { PipelineExecution } from '../../workflows/model/execution';
import { pipelineConfig, result, stage, startPipeline } from '../helpers/pipelines';
import { startTestWorker, type TestWorker } from '../helpers/worker';
import { type ApiHarness, eventually, startApi, uniqueName } from './support/harness';
import { kubeconfigYaml } from './support/kubeconfig';

/** The only peer allowed to set the trusted headers in these tests. */
const PROXY = '127.0.0.5';
/** Another machine on the network, as far as the API can tell. */
const OTHER_PEER = '127.0.0.2';

const TOKENS = {
  'mallory-token-0123456789': { user: 'mallory', roles: [] },
  'root-token-0123456789abc': { user: 'root', roles: ['admins'] },
};
const mallory = { authorization: 'Bearer mallory-token-0123456789' };
const root = { authorization: 'Bearer root-token-0123456789abc' };
const asAdmin = { 'X-Forwarded-User': 'root', 'X-Forwarded-Groups': 'admins' };

/** One JSON request to the API from a chosen local address (the peer address the API sees). */
function requestFrom(localAddress: string, baseUrl: string, method: string, path: string, body: unknown, headers: Record<string, string>) {
  return new Promise<{ status: number; body: { message?: string } }>((resolve, reject) => {
    const req = httpRequest(new URL(path, baseUrl), { method, localAddress, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {} }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const account = (name: string) => ({ name, type: 'kubernetes', kubeconfig: kubeconfigYaml() });

describe('trusted-header mode: the headers count only from the configured proxy addresses', () => {
  let api: ApiHarness;
  let guarded: TestWorker;
  let unguarded: TestWorker;

  before(async () => {
    const taskQueue = uniqueName('trusted-proxy');
    api = await startApi({
      taskQueue,
      auth: { tokens: TOKENS, trustedHeader: 'X-Forwarded-User', rolesHeader: 'X-Forwarded-Groups', adminRoles: ['admins'], trustedProxies: [`${PROXY}/32`] },
    });
    const port = Number(new URL(api.baseUrl).port);
    // A worker wired as `npm start` wires it (the API's address refused), and one that is not.
    guarded = await startTestWorker({ taskQueue, webhook: { allowLinkLocal: false, apiAddresses: [{ host: '127.0.0.1', port }] } });
    unguarded = await startTestWorker({ webhook: { allowLinkLocal: false } });
  });
  after(async () => {
    await api.close();
    await guarded.shutdown();
    await unguarded.shutdown();
  });

  test('from the proxy, X-Forwarded-User/Groups identify the caller', async () => {
    const name = uniqueName('proxied');
    const created = await requestFrom(PROXY, api.baseUrl, 'POST', '/credentials', account(name), asAdmin);
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal((await api.request('DELETE', `/credentials/${name}`, undefined, root)).status, 200);
  });

  const untrusted: [what: string, from: string, headers: Record<string, string>, status: number][] = [
    ['another peer, headers only: anonymous, 401', OTHER_PEER, asAdmin, 401],
    ['another peer claiming to be the proxy in X-Forwarded-For: 401', OTHER_PEER, { ...asAdmin, 'X-Forwarded-For': PROXY }, 401],
    ['loopback is not the proxy either: 401', '127.0.0.1', asAdmin, 401],
    ['a token user without roles plus admin headers: the token alone counts, 403', OTHER_PEER, { ...asAdmin, ...mallory }, 403],
  ];
  for (const [what, from, headers, status] of untrusted) {
    test(`POST /credentials from ${what}`, async () => {
      const name = uniqueName('forged');
      const answer = await requestFrom(from, api.baseUrl, 'POST', '/credentials', account(name), headers);
      assert.equal(answer.status, status, JSON.stringify(answer.body));
      assert.equal((await api.request('GET', `/credentials/${name}`, undefined, root)).status, 404, 'nothing was stored');
    });
  }

  /** The attack as reported: a webhook stage calling the API's /credentials with the admin headers. */
  const attack = (apiUrl: string) => ({
    refId: 'hook',
    type: 'webhook',
    name: 'Become admin',
    method: 'POST',
    url: `${apiUrl}/credentials`,
    customHeaders: asAdmin,
    payload: account(uniqueName('stolen')),
  });

  test("a token user's webhook stage aimed at the API is refused by the worker, in every spelling", async () => {
    const app = uniqueName('mine');
    const created = await api.request('POST', '/tasks', { job: [{ type: 'createApplication', application: { name: app, email: 'm@example.com' } }], application: app }, mallory);
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const saved = await api.request('POST', '/pipelines', { application: app, name: 'escalate', stages: [attack(api.baseUrl)] }, mallory);
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const started = await api.request('POST', `/pipelines/${app}/escalate`, {}, mallory);
    assert.equal(started.status, 202, JSON.stringify(started.body));
    const done = await eventually(async () => {
      const res = await api.request<PipelineExecution>('GET', started.body.ref, undefined, mallory);
      return res.body.status === 'TERMINAL' || res.body.status === 'SUCCEEDED' ? res.body : undefined;
    }, 'the execution to finish', 60_000);
    assert.equal(done.status, 'TERMINAL');
    const port = new URL(api.baseUrl).port;
    assert.match(stage(done, 'hook').exception!.details.error, new RegExp(`the Gennaker API's own address 127\\.0\\.0\\.1:${port}; refused`));

    const spellings = [`http://localhost:${port}`, `http://[::ffff:127.0.0.1]:${port}`, `http://2130706433:${port}`, `http://0x7f.1:${port}`];
    const executions = await Promise.all(spellings.map(async (url) => result(await startPipeline(guarded.client, guarded.taskQueue, pipelineConfig([attack(url)])))));
    executions.forEach((execution, i) => {
      assert.equal(execution.status, 'TERMINAL', spellings[i]);
      assert.match(stage(execution, 'hook').exception!.details.error, /the Gennaker API's own address 127\.0\.0\.1:\d+; refused/, spellings[i]);
    });
    const accounts = await api.request<{ name: string }[]>('GET', '/credentials', undefined, root);
    assert.ok(!accounts.body.some((a) => a.name.startsWith('stolen')), 'no account was created');
  });

  test('a worker that does not know the API address still gets nowhere: its headers are not believed', async () => {
    const done = await result(await startPipeline(unguarded.client, unguarded.taskQueue, pipelineConfig([attack(api.baseUrl)])));
    assert.equal(done.status, 'TERMINAL');
    assert.match(stage(done, 'hook').exception!.details.error, /answered 401/);
    const accounts = await api.request<{ name: string }[]>('GET', '/credentials', undefined, root);
    assert.ok(!accounts.body.some((a) => a.name.startsWith('stolen')), 'no account was created');
  });
});
