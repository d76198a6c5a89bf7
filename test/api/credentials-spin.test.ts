import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type ApiHarness, startApi, uniqueName } from './support/harness';
import { SECRET, kubeconfigYaml } from './support/kubeconfig';
import { createSpin, type Spin } from './support/spin';

describe("spin account list / get (spin v1.30.0, unchanged) against /credentials", () => {
  let api: ApiHarness;
  let spin: Spin;
  const kube = uniqueName('spin-kube');
  const gke = uniqueName('spin-gke');

  before(async () => {
    api = await startApi();
    spin = createSpin(api.baseUrl);
    const created = await Promise.all([
      api.request('POST', '/credentials', { name: kube, type: 'kubernetes', kubeconfig: kubeconfigYaml(), namespaces: ['web'] }),
      api.request('POST', '/credentials', { name: gke, type: 'gke', project: 'my-project', location: 'europe-west1', cluster: 'prod' }),
    ]);
    assert.deepEqual(created.map((r) => r.status), [200, 200]);
  });
  after(async () => {
    spin?.cleanup();
    await api?.close();
  });

  test('spin account list prints every account with the fields of its Account model', async () => {
    const result = await spin.run('account', 'list');
    assert.equal(result.code, 0, result.stderr + result.stdout);
    assert.ok(!result.stdout.includes(SECRET));
    const accounts = JSON.parse(result.stdout) as { name: string }[];
    // spin decodes into gateapi.Account {accountId, name, permissions, requiredGroupMembership, type},
    // dropping empty values: our empty permissions and group lists disappear.
    assert.deepEqual(
      accounts.filter((a) => a.name === kube || a.name === gke),
      [
        { name: gke, type: 'gke' },
        { name: kube, type: 'kubernetes' },
      ].sort((a, b) => a.name.localeCompare(b.name)),
    );
  });

  test('spin account get prints the AccountDetails fields', async () => {
    const result = await spin.run('account', 'get', kube);
    assert.equal(result.code, 0, result.stderr + result.stdout);
    assert.ok(!result.stdout.includes(SECRET));
    assert.deepEqual(JSON.parse(result.stdout), { name: kube, type: 'kubernetes', cloudProvider: 'kubernetes', accountType: kube, environment: kube });
    assert.deepEqual(await spin.json('account', 'get', gke), { name: gke, type: 'gke', cloudProvider: 'kubernetes', accountType: gke, environment: gke });
  });

  test("spin account get of an unknown name reports spin's own not-found message", async () => {
    const name = uniqueName('spin-none');
    const result = await spin.run('account', 'get', name);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr + result.stdout, new RegExp(`Account '${name}' not found`));
  });

  test('spin sent nothing the API could not answer', () => {
    assert.deepEqual(api.loggedErrors, []);
  });
});
