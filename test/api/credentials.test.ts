import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type ApiHarness, type ApiResponse, startApi, uniqueName } from './support/harness';
import { BROKEN_YAML, SECRET, kubeconfigYaml } from './support/kubeconfig';

/** The fields `GET /credentials` shows per account (Clouddriver's list without `expand`). */
const SUMMARY_FIELDS = [
  'accountType',
  'challengeDestructiveActions',
  'cloudProvider',
  'environment',
  'name',
  'permissions',
  'primaryAccount',
  'providerVersion',
  'requiredGroupMembership',
  'skin',
  'type',
];

describe('deploy accounts (/credentials)', () => {
  let api: ApiHarness;
  /** Every response body of this file, searched for the planted secret at the end. */
  const bodies: string[] = [];
  const call = async (method: string, path: string, body?: unknown): Promise<ApiResponse> => {
    const res = await api.request(method, path, body);
    bodies.push(JSON.stringify(res.body));
    return res;
  };
  const inline = (name: string, extra: Record<string, unknown> = {}) => ({ name, type: 'kubernetes', kubeconfig: kubeconfigYaml({ contexts: ['a', 'b'] }), ...extra });

  before(async () => {
    api = await startApi();
  });
  after(() => api.close());

  test('POST an inline kubernetes account: 200 with the account, its kubeconfig only flagged', async () => {
    const name = uniqueName('inline');
    const created = await call('POST', '/credentials', inline(name, { context: 'b', namespaces: ['web', 'jobs'] }));
    assert.equal(created.status, 200);
    const { createdTimestamp, ...rest } = created.body;
    assert.equal(typeof createdTimestamp, 'number');
    assert.deepEqual(rest, {
      name,
      type: 'kubernetes',
      cloudProvider: 'kubernetes',
      providerVersion: 'v2',
      skin: 'v2',
      accountType: name,
      environment: name,
      requiredGroupMembership: [],
      permissions: {},
      challengeDestructiveActions: false,
      primaryAccount: false,
      namespaces: ['web', 'jobs'],
      context: 'b',
      kubeconfigInline: true,
    });
    assert.deepEqual((await call('GET', `/credentials/${name}`)).body, created.body);
  });

  test('POST a file-based and a GKE account', async () => {
    const file = uniqueName('file');
    const fromFile = await call('POST', '/credentials', { name: file, type: 'kubernetes', kubeconfigFile: '/etc/gennaker/kubeconfig', context: 'prod' });
    assert.equal(fromFile.status, 200);
    assert.equal(fromFile.body.kubeconfigFile, '/etc/gennaker/kubeconfig');
    assert.equal(fromFile.body.kubeconfigInline, false);
    assert.deepEqual(fromFile.body.namespaces, [], 'no namespaces: all of them');

    const gke = uniqueName('gke');
    const created = await call('POST', '/credentials', { name: gke, type: 'gke', project: 'my-project', location: 'europe-west1', cluster: 'prod-1', namespaces: ['web'] });
    assert.equal(created.status, 200);
    assert.deepEqual(
      [created.body.type, created.body.cloudProvider, created.body.project, created.body.location, created.body.cluster, created.body.namespaces],
      ['gke', 'kubernetes', 'my-project', 'europe-west1', 'prod-1', ['web']],
    );
    assert.equal('kubeconfigInline' in created.body, false);
  });

  test('GET /credentials: Clouddriver summaries ordered by name; expand=true adds the settings', async () => {
    const [a, b] = [uniqueName('list-a'), uniqueName('list-b')];
    await call('POST', '/credentials', inline(b));
    await call('POST', '/credentials', { name: a, type: 'gke', project: 'my-project', location: 'us-east1', cluster: 'c' });

    const listed = await call('GET', '/credentials?expand=false');
    assert.equal(listed.status, 200);
    const names: string[] = listed.body.map((x: { name: string }) => x.name);
    assert.ok(names.indexOf(a) < names.indexOf(b) && names.indexOf(a) >= 0, 'ordered by name');
    const entry = listed.body.find((x: { name: string }) => x.name === b);
    assert.deepEqual(Object.keys(entry).sort(), SUMMARY_FIELDS);
    assert.equal((await call('GET', '/credentials')).body.length, listed.body.length);

    const expanded = await call('GET', '/credentials?expand=true');
    assert.equal(expanded.body.find((x: { name: string }) => x.name === b).kubeconfigInline, true);
    assert.equal(expanded.body.find((x: { name: string }) => x.name === a).cluster, 'c');

    const bad = await call('GET', '/credentials?expand=maybe');
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.errors.map((e: { path: string }) => e.path), ['query.expand']);
  });

  test('DELETE answers 200 with the account; then it is unknown', async () => {
    const name = uniqueName('gone');
    await call('POST', '/credentials', inline(name));
    const deleted = await call('DELETE', `/credentials/${name}`);
    assert.equal(deleted.status, 200);
    assert.equal(deleted.body.name, name);
    assert.equal(deleted.body.kubeconfigInline, true);
    assert.ok(!(await call('GET', '/credentials')).body.some((x: { name: string }) => x.name === name));
    for (const method of ['GET', 'DELETE']) {
      const res = await call(method, `/credentials/${name}`);
      assert.equal(res.status, 404, method);
      assert.equal(res.body.message, `account '${name}' not found`);
    }
  });

  test('a duplicate name: 409, and the first account is unchanged', async () => {
    const name = uniqueName('dup');
    await call('POST', '/credentials', inline(name, { context: 'a' }));
    const twin = await call('POST', '/credentials', { name, type: 'gke', project: 'my-project', location: 'us-east1', cluster: 'c' });
    assert.equal(twin.status, 409);
    assert.equal(twin.body.message, `an account named '${name}' already exists`);
    assert.equal((await call('GET', `/credentials/${name}`)).body.context, 'a');
  });

  test('invalid accounts: 400 listing every problem with its JSON path; nothing is stored', async () => {
    const name = uniqueName('bad');
    const res = await call('POST', '/credentials', { name: name.toUpperCase(), type: 'kubernetes', kubeconfigFile: 'relative', kubeconfig: 'x: y', namespaces: ['Web'], extra: 1 });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.errors.map((e: { path: string }) => e.path).sort(), ['extra', 'kubeconfig', 'kubeconfigFile', 'name', 'namespaces[0]']);
    assert.match(res.body.message, /^invalid account: /);

    const gke = await call('POST', '/credentials', { name, type: 'gke' });
    assert.deepEqual(gke.body.errors.map((e: { path: string }) => e.path).sort(), ['cluster', 'location', 'project']);
    assert.deepEqual((await call('POST', '/credentials', { name, type: 'ecs' })).body.errors, [{ path: 'type', message: "must be 'kubernetes' or 'gke'" }]);
    assert.equal((await call('POST', '/credentials', [])).status, 400);
    assert.equal((await call('GET', `/credentials/${name}`)).status, 404);
  });

  test('a kubeconfig that does not parse, or lacks the context: 400 at its path, without its text', async () => {
    const name = uniqueName('yaml');
    const broken = await call('POST', '/credentials', inline(name, { kubeconfig: BROKEN_YAML }));
    assert.equal(broken.status, 400);
    assert.equal(broken.body.errors.length, 1);
    assert.equal(broken.body.errors[0].path, 'kubeconfig');
    assert.match(broken.body.errors[0].message, /^is not valid YAML \(line \d+, column \d+\)/);

    const missing = await call('POST', '/credentials', inline(name, { context: 'prod' }));
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.body.errors, [{ path: 'context', message: "'prod' is not a context of the kubeconfig (its contexts: 'a', 'b')" }]);

    const noCurrent = await call('POST', '/credentials', inline(name, { kubeconfig: kubeconfigYaml({ contexts: ['a'], current: null }) }));
    assert.deepEqual(noCurrent.body.errors.map((e: { path: string }) => e.path), ['context']);
    assert.equal((await call('GET', `/credentials/${name}`)).status, 404);
  });

  test('a body that is not JSON is refused without quoting it', async () => {
    const res = await api.request('POST', '/credentials', kubeconfigYaml(), { 'content-type': 'application/yaml' });
    bodies.push(JSON.stringify(res.body));
    assert.equal(res.status, 400);
    assert.match(res.body.message, /^malformed JSON body/);
    const truncated = await api.request('POST', '/credentials', `{"name":"x","type":"kubernetes","kubeconfig":"token: ${SECRET}`);
    bodies.push(JSON.stringify(truncated.body));
    assert.equal(truncated.status, 400);
  });

  test('OpenAPI describes the credentials routes', async () => {
    const { body } = await call('GET', '/openapi.json');
    assert.deepEqual(Object.keys(body.paths['/credentials']).sort(), ['get', 'post']);
    assert.deepEqual(Object.keys(body.paths['/credentials/{name}']).sort(), ['delete', 'get']);
  });

  test('the planted secret appears in no response body and no log line', () => {
    assert.ok(bodies.length > 20, `searched ${bodies.length} bodies`);
    for (const body of bodies) assert.ok(!body.includes(SECRET), body);
    assert.ok(api.loggedInfo.some((line) => line.startsWith('account created')), 'creations are logged');
    for (const line of [...api.loggedInfo, ...api.loggedErrors]) assert.ok(!line.includes(SECRET), line);
    assert.deepEqual(api.loggedErrors, []);
  });
});
