import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type ApiHarness, startApi, uniqueName } from './support/harness';
import { judgmentPipeline } from './support/pipelines';

describe('pipeline configs', () => {
  let api: ApiHarness;
  before(async () => {
    api = await startApi();
  });
  after(() => api.close());

  test('save, get by name, list: unknown fields kept, server fields set', async () => {
    const app = uniqueName('cfg');
    const saved = await api.request('POST', '/pipelines', judgmentPipeline(app, 'deploy'));
    assert.equal(saved.status, 200);
    assert.equal(typeof saved.body.id, 'string');
    assert.equal(saved.body.version, 1);
    assert.match(saved.body.updateTs, /^\d+$/);
    assert.equal(saved.body.lastModifiedBy, 'anonymous');

    const got = await api.request('GET', `/applications/${app}/pipelineConfigs/deploy`);
    assert.equal(got.status, 200);
    assert.equal(got.body.id, saved.body.id);
    assert.deepEqual(got.body.spinnakerOnlyField, { kept: true });
    assert.equal(got.body.stages.length, 3);

    await api.request('POST', '/pipelines', { application: app, name: 'another', stages: [], index: 0 });
    const list = await api.request('GET', `/applications/${app}/pipelineConfigs`);
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.map((c: { name: string }) => c.name),
      ['another', 'deploy'],
    );
  });

  test('application names are case-insensitive', async () => {
    const app = uniqueName('Case');
    await api.request('POST', '/pipelines', { application: app.toUpperCase(), name: 'p', stages: [] });
    const got = await api.request('GET', `/applications/${app.toLowerCase()}/pipelineConfigs/p`);
    assert.equal(got.status, 200);
    assert.equal(got.body.application, app.toLowerCase());
  });

  test('a given id is kept; saving by name again updates the same config', async () => {
    const app = uniqueName('ids');
    const id = uniqueName('spinnaker-id');
    const first = await api.request('POST', '/pipelines', { ...judgmentPipeline(app, 'p'), id });
    assert.equal(first.body.id, id);
    const second = await api.request('POST', '/pipelines', { application: app, name: 'p', stages: [] });
    assert.equal(second.status, 200);
    assert.equal(second.body.id, id);
    assert.equal(second.body.version, 2);
  });

  test('404 for an unknown pipeline config', async () => {
    const res = await api.request('GET', `/applications/${uniqueName('none')}/pipelineConfigs/nope`);
    assert.equal(res.status, 404);
    assert.equal(res.body.status, 404);
    assert.match(res.body.message, /nope/);
  });

  test('wrong types: 400 listing every problem with its path', async () => {
    const res = await api.request('POST', '/pipelines', {
      application: 42,
      stages: 'not a list',
      limitConcurrent: 'yes',
      parameterConfig: [{ label: 'no name' }],
    });
    assert.equal(res.status, 400);
    const paths = res.body.errors.map((e: { path: string }) => e.path).sort();
    assert.deepEqual(paths, ['application', 'limitConcurrent', 'name', 'parameterConfig[0].name', 'stages']);
    for (const problem of res.body.errors) assert.equal(typeof problem.message, 'string');
  });

  test('a body that is not an object is a 400', async () => {
    const res = await api.request('POST', '/pipelines', [1, 2]);
    assert.equal(res.status, 400);
    assert.ok(res.body.errors.length >= 1);
  });

  test('a name taken by another config is a 409 and writes nothing', async () => {
    const app = uniqueName('taken');
    await api.request('POST', '/pipelines', { application: app, name: 'p', stages: [] });
    const otherId = uniqueName('other');
    const res = await api.request('POST', '/pipelines', { application: app, name: 'p', id: otherId, stages: [] });
    assert.equal(res.status, 409);
    const history = await api.request('GET', `/pipelineConfigs/${otherId}/history`);
    assert.equal(history.status, 404);
  });

  test('staleCheck refuses a save based on an old updateTs', async () => {
    const app = uniqueName('stale');
    const v1 = await api.request('POST', '/pipelines', { application: app, name: 'p', stages: [] });
    const v2 = await api.request('POST', '/pipelines?staleCheck=true', { ...v1.body, description: 'second' });
    assert.equal(v2.status, 200);
    const stale = await api.request('POST', '/pipelines?staleCheck=true', { ...v1.body, description: 'lost update' });
    assert.equal(stale.status, 409);
    assert.match(stale.body.message, /modified/);
  });

  test('PUT /pipelines/{id} saves under that id; a different body id is a 400', async () => {
    const app = uniqueName('put');
    const v1 = await api.request('POST', '/pipelines', { application: app, name: 'p', stages: [] });
    const v2 = await api.request('PUT', `/pipelines/${v1.body.id}`, { application: app, name: 'renamed', stages: [] });
    assert.equal(v2.status, 200);
    assert.equal(v2.body.id, v1.body.id);
    assert.equal(v2.body.name, 'renamed');
    const bad = await api.request('PUT', `/pipelines/${v1.body.id}`, { application: app, name: 'x', id: 'other', stages: [] });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errors[0].path, 'id');
  });

  test('history: every save is a version; read one; restore makes a new version', async () => {
    const app = uniqueName('hist');
    const v1 = await api.request('POST', '/pipelines', { ...judgmentPipeline(app, 'p'), description: 'one' });
    const id = v1.body.id;
    await api.request('POST', '/pipelines', { ...v1.body, description: 'two' });
    await api.request('POST', '/pipelines', { ...v1.body, description: 'three' });

    const history = await api.request('GET', `/pipelineConfigs/${id}/history`);
    assert.equal(history.status, 200);
    assert.deepEqual(
      history.body.map((c: { version: number; description: string }) => [c.version, c.description]),
      [
        [3, 'three'],
        [2, 'two'],
        [1, 'one'],
      ],
    );
    const limited = await api.request('GET', `/pipelineConfigs/${id}/history?limit=1`);
    assert.equal(limited.body.length, 1);

    const one = await api.request('GET', `/pipelineConfigs/${id}/history/1`);
    assert.equal(one.status, 200);
    assert.equal(one.body.description, 'one');
    assert.equal((await api.request('GET', `/pipelineConfigs/${id}/history/9`)).status, 404);
    assert.equal((await api.request('GET', `/pipelineConfigs/${id}/history/zero`)).status, 400);
    assert.equal((await api.request('GET', `/pipelineConfigs/${id}/history?limit=x`)).status, 400);

    const restored = await api.request('POST', `/pipelineConfigs/${id}/restore/1`);
    assert.equal(restored.status, 200);
    assert.equal(restored.body.version, 4);
    assert.equal(restored.body.description, 'one');
    const current = await api.request('GET', `/applications/${app}/pipelineConfigs/p`);
    assert.equal(current.body.description, 'one');
    assert.equal(current.body.version, 4);
  });

  test('delete: 200 with the config, then 404; history stays and restore brings it back', async () => {
    const app = uniqueName('del');
    const saved = await api.request('POST', '/pipelines', { application: app, name: 'gone soon', stages: [] });
    const deleted = await api.request('DELETE', `/pipelines/${app}/${encodeURIComponent('gone soon')}`);
    assert.equal(deleted.status, 200);
    assert.equal(deleted.body.id, saved.body.id);
    assert.equal((await api.request('GET', `/applications/${app}/pipelineConfigs/gone%20soon`)).status, 404);
    assert.equal((await api.request('DELETE', `/pipelines/${app}/gone%20soon`)).status, 404);

    const history = await api.request('GET', `/pipelineConfigs/${saved.body.id}/history`);
    assert.equal(history.body.length, 1);
    const restored = await api.request('POST', `/pipelineConfigs/${saved.body.id}/restore/1`);
    assert.equal(restored.status, 200);
    assert.equal(restored.body.version, 2);
    assert.equal((await api.request('GET', `/applications/${app}/pipelineConfigs/gone%20soon`)).status, 200);
  });

  test('restoring a version whose name is now taken is a 409', async () => {
    const app = uniqueName('restore-taken');
    const a = await api.request('POST', '/pipelines', { application: app, name: 'a', stages: [] });
    await api.request('POST', '/pipelines', { ...a.body, name: 'a-renamed' });
    await api.request('POST', '/pipelines', { application: app, name: 'a', stages: [] });
    const res = await api.request('POST', `/pipelineConfigs/${a.body.id}/restore/1`);
    assert.equal(res.status, 409);
  });

  test('no client mistake above logged an internal error', () => {
    assert.deepEqual(api.loggedErrors, []);
  });
});
