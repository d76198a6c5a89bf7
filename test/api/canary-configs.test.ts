import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { canaryConfig } from './support/canary';
import { type ApiHarness, startApi, uniqueName } from './support/harness';

describe('canary configs (/v2/canaryConfig, Kayenta shapes)', () => {
  let api: ApiHarness;
  before(async () => {
    api = await startApi();
  });
  after(() => api.close());

  test('create without an id: 200 {canaryConfigId}; get answers the whole config with its string id', async () => {
    const app = uniqueName('cc');
    const created = await api.request('POST', '/v2/canaryConfig', canaryConfig('latency', [app.toUpperCase()]));
    assert.equal(created.status, 200);
    assert.deepEqual(Object.keys(created.body), ['canaryConfigId']);
    assert.match(created.body.canaryConfigId, /^[0-9a-f-]{36}$/);

    const got = await api.request('GET', `/v2/canaryConfig/${created.body.canaryConfigId}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.id, created.body.canaryConfigId);
    assert.equal(got.body.name, 'latency');
    assert.deepEqual(got.body.applications, [app], 'application names are stored in lower case');
    assert.deepEqual(got.body.kayentaOnlyField, { kept: true }, 'unknown fields are kept');
    assert.equal(got.body.configVersion, '1');
    assert.deepEqual(got.body.metrics, canaryConfig('latency', [app]).metrics);
    assert.equal(typeof got.body.updatedTimestamp, 'number');
    assert.equal(got.body.updatedTimestampIso, new Date(got.body.updatedTimestamp).toISOString());
    assert.equal(got.body.createdTimestamp, got.body.updatedTimestamp);
  });

  test('a given id is kept; PUT replaces the config and keeps its created timestamp', async () => {
    const app = uniqueName('cc');
    const id = uniqueName('my-config');
    const created = await api.request('POST', '/v2/canaryConfig', { ...canaryConfig('latency', [app]), id, createdTimestamp: 1 });
    assert.deepEqual(created.body, { canaryConfigId: id });
    const first = (await api.request('GET', `/v2/canaryConfig/${id}`)).body;
    assert.notEqual(first.createdTimestamp, 1, 'server fields are not taken from the client');

    const updated = await api.request('PUT', `/v2/canaryConfig/${id}`, { ...canaryConfig('latency-v2', [app]), description: 'second', kayentaOnlyField: undefined });
    assert.equal(updated.status, 200);
    assert.deepEqual(updated.body, { canaryConfigId: id });
    const second = (await api.request('GET', `/v2/canaryConfig/${id}`)).body;
    assert.equal(second.name, 'latency-v2');
    assert.equal(second.description, 'second');
    assert.equal(second.kayentaOnlyField, undefined, 'PUT replaces the whole config');
    assert.equal(second.createdTimestamp, first.createdTimestamp);
    assert.ok(second.updatedTimestamp >= first.updatedTimestamp);

    const withoutId = await api.request('PUT', `/v2/canaryConfig/${id}`, canaryConfig('latency-v3', [app]));
    assert.equal(withoutId.status, 200, 'the id may be left out of the body');
  });

  test('list: Kayenta index entries, by application, ordered by name', async () => {
    const app = uniqueName('cc-list');
    const other = uniqueName('cc-other');
    const b = (await api.request('POST', '/v2/canaryConfig', canaryConfig('b-errors', [app]))).body.canaryConfigId;
    const a = (await api.request('POST', '/v2/canaryConfig', canaryConfig('a-latency', [app, other]))).body.canaryConfigId;
    await api.request('POST', '/v2/canaryConfig', canaryConfig('c-elsewhere', [other]));

    const listed = await api.request('GET', `/v2/canaryConfig?application=${app.toUpperCase()}`);
    assert.equal(listed.status, 200);
    assert.deepEqual(
      listed.body.map((c: { id: string; name: string }) => [c.id, c.name]),
      [
        [a, 'a-latency'],
        [b, 'b-errors'],
      ],
    );
    const [entry] = listed.body;
    assert.deepEqual(Object.keys(entry).sort(), ['applications', 'id', 'name', 'updatedTimestamp', 'updatedTimestampIso']);
    assert.deepEqual(entry.applications, [app, other]);
    assert.equal(entry.updatedTimestampIso, new Date(entry.updatedTimestamp).toISOString());

    const all = await api.request('GET', '/v2/canaryConfig?application=');
    assert.ok(all.body.some((c: { id: string }) => c.id === b), 'an empty application lists every config');
    assert.deepEqual((await api.request('GET', `/v2/canaryConfig?application=${uniqueName('none')}`)).body, []);
  });

  test('delete answers 200 (spin accepts nothing else); the id is then unknown everywhere', async () => {
    const app = uniqueName('cc-del');
    const id = (await api.request('POST', '/v2/canaryConfig', canaryConfig('latency', [app]))).body.canaryConfigId;
    const deleted = await api.request('DELETE', `/v2/canaryConfig/${id}`);
    assert.equal(deleted.status, 200);
    assert.deepEqual(deleted.body, { canaryConfigId: id });
    for (const [method, body] of [['GET'], ['DELETE'], ['PUT', canaryConfig('latency', [app])]] as const) {
      const res = await api.request(method, `/v2/canaryConfig/${id}`, body);
      assert.equal(res.status, 404, `${method} after delete`);
      assert.match(res.body.message, new RegExp(`canary config '${id}' not found`));
    }
    assert.deepEqual((await api.request('GET', `/v2/canaryConfig?application=${app}`)).body, []);
  });

  test('a name is unique within each application: 409, and nothing changes', async () => {
    const app = uniqueName('cc-names');
    const elsewhere = uniqueName('cc-elsewhere');
    const first = (await api.request('POST', '/v2/canaryConfig', canaryConfig('latency', [app]))).body.canaryConfigId;

    const twin = await api.request('POST', '/v2/canaryConfig', canaryConfig('latency', [elsewhere, app]));
    assert.equal(twin.status, 409);
    assert.match(twin.body.message, new RegExp(`a canary config named 'latency' already exists in application '${app}' \\(id ${first}\\)`));
    assert.equal((await api.request('POST', '/v2/canaryConfig', canaryConfig('latency', [elsewhere]))).status, 200, 'other applications may reuse it');

    const second = (await api.request('POST', '/v2/canaryConfig', canaryConfig('errors', [app]))).body.canaryConfigId;
    const rename = await api.request('PUT', `/v2/canaryConfig/${second}`, canaryConfig('latency', [app]));
    assert.equal(rename.status, 409);
    assert.equal((await api.request('GET', `/v2/canaryConfig/${second}`)).body.name, 'errors');

    const sameId = await api.request('POST', '/v2/canaryConfig', { ...canaryConfig('other', [app]), id: first });
    assert.equal(sameId.status, 409);
    assert.match(sameId.body.message, /already exists; update it with PUT/);
  });

  test('concurrent creates of one name: exactly one wins', async () => {
    const app = uniqueName('cc-race');
    const results = await Promise.all(Array.from({ length: 6 }, () => api.request('POST', '/v2/canaryConfig', canaryConfig('latency', [app]))));
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 409, 409, 409, 409, 409]);
    assert.equal((await api.request('GET', `/v2/canaryConfig?application=${app}`)).body.length, 1);
  });

  test('an invalid config: 400 listing every problem with its JSON path', async () => {
    const res = await api.request('POST', '/v2/canaryConfig', {
      id: 'has/slash',
      name: '',
      applications: [],
      judge: { name: 'Nope' },
      metrics: [{ name: 'latency', groups: 'performance', analysisConfigurations: { canary: { direction: 'up' } } }],
    });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.errors.map((e: { path: string }) => e.path).sort(), [
      'applications',
      'id',
      'judge.name',
      'metrics[0].analysisConfigurations.canary.direction',
      'metrics[0].groups',
      'metrics[0].query',
      'name',
    ]);
    assert.match(res.body.message, /^invalid canary config: /);

    const noMetrics = await api.request('POST', '/v2/canaryConfig', { name: 'x', applications: ['a'], metrics: [] });
    assert.deepEqual(noMetrics.body.errors, [{ path: 'metrics', message: 'needs at least one metric' }]);
    const weights = await api.request('POST', '/v2/canaryConfig', canaryConfig('x', ['a'], { extra: { classifier: { groupWeights: { a: 80, b: 30 } } } }));
    assert.deepEqual(weights.body.errors.map((e: { path: string }) => e.path), ['classifier.groupWeights']);
    assert.equal((await api.request('POST', '/v2/canaryConfig', [1])).status, 400);
  });

  test('PUT: a body id other than the path id is a 400; an invalid config is a 400 even for an unknown id', async () => {
    const app = uniqueName('cc-put');
    const id = (await api.request('POST', '/v2/canaryConfig', canaryConfig('latency', [app]))).body.canaryConfigId;
    const mismatch = await api.request('PUT', `/v2/canaryConfig/${id}`, { ...canaryConfig('latency', [app]), id: 'another' });
    assert.equal(mismatch.status, 400);
    assert.deepEqual(mismatch.body.errors, [{ path: 'id', message: `must match the id in the path (${id})` }]);
    const invalid = await api.request('PUT', `/v2/canaryConfig/${uniqueName('none')}`, { name: 'x' });
    assert.equal(invalid.status, 400);
  });

  test('OpenAPI describes the canary routes', async () => {
    const { body } = await api.request('GET', '/openapi.json');
    assert.deepEqual(Object.keys(body.paths['/v2/canaryConfig']).sort(), ['get', 'post']);
    assert.deepEqual(Object.keys(body.paths['/v2/canaryConfig/{id}']).sort(), ['delete', 'get', 'put']);
    assert.deepEqual(Object.keys(body.paths['/v2/canaries/canary']), ['post']);
    assert.deepEqual(Object.keys(body.paths['/v2/canaries/canary/{id}']).sort(), ['get', 'post']);
  });

  test('no request above logged an internal error', () => {
    assert.deepEqual(api.loggedErrors, []);
  });
});
