import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type ApiHarness, startApi, uniqueName } from './support/harness';

/** What `spin application save` sends. */
function createTask(name: string, extra: Record<string, unknown> = {}) {
  const application = { cloudProviders: 'kubernetes', instancePort: 80, name, email: 'team@example.com', ...extra };
  return { job: [{ type: 'createApplication', application }], application: name, description: `Create Application: ${name}` };
}

describe('applications and tasks', () => {
  let api: ApiHarness;
  before(async () => {
    api = await startApi();
  });
  after(() => api.close());

  test('createApplication task: ref answered, task already SUCCEEDED, application readable', async () => {
    const name = uniqueName('app');
    const posted = await api.request('POST', '/tasks', createTask(name));
    assert.equal(posted.status, 200);
    assert.match(posted.body.ref, /^\/tasks\/[0-9A-Z]{26}$/);

    const task = await api.request('GET', posted.body.ref);
    assert.equal(task.status, 200);
    assert.equal(task.body.status, 'SUCCEEDED');
    assert.equal(task.body.application, name);
    assert.equal(task.body.name, `Create Application: ${name}`);

    const app = await api.request('GET', `/applications/${name}?expand=false`);
    assert.equal(app.status, 200);
    assert.equal(app.body.name, name);
    assert.equal(app.body.attributes.email, 'team@example.com');
    assert.equal(app.body.attributes.cloudProviders, 'kubernetes');
    assert.match(app.body.attributes.createTs, /^\d+$/);

    const list = await api.request('GET', '/applications');
    assert.equal(list.status, 200);
    assert.ok(list.body.some((a: { name: string; email: string }) => a.name === name && a.email === 'team@example.com'));
  });

  test('names are case-insensitive and stored lower-cased', async () => {
    const name = uniqueName('MixedCase');
    await api.request('POST', '/tasks', createTask(name));
    const app = await api.request('GET', `/applications/${name.toUpperCase()}`);
    assert.equal(app.status, 200);
    assert.equal(app.body.name, name.toLowerCase());
  });

  test('updateApplication merges attributes', async () => {
    const name = uniqueName('upd');
    await api.request('POST', '/tasks', createTask(name, { description: 'first' }));
    const update = { job: [{ type: 'updateApplication', application: { name, description: 'second' } }], application: name };
    const task = await api.request('GET', (await api.request('POST', '/tasks', update)).body.ref);
    assert.equal(task.body.status, 'SUCCEEDED');
    const app = await api.request('GET', `/applications/${name}`);
    assert.equal(app.body.attributes.description, 'second');
    assert.equal(app.body.attributes.email, 'team@example.com');
  });

  test('deleteApplication removes it and its pipeline configs', async () => {
    const name = uniqueName('del');
    await api.request('POST', '/tasks', createTask(name));
    await api.request('POST', '/pipelines', { application: name, name: 'p', stages: [] });
    const del = { job: [{ type: 'deleteApplication', application: { name } }], application: name };
    const posted = await api.request('POST', '/tasks', del);
    assert.equal(posted.status, 200);
    assert.equal((await api.request('GET', posted.body.ref)).body.status, 'SUCCEEDED');
    assert.equal((await api.request('GET', `/applications/${name}`)).status, 404);
    assert.deepEqual((await api.request('GET', `/applications/${name}/pipelineConfigs`)).body, []);
  });

  test('a job that cannot be done ends TERMINAL with the reason', async () => {
    const missing = uniqueName('missing');
    const cases = [
      { job: [{ type: 'deleteApplication', application: { name: missing } }], application: missing },
      { job: [{ type: 'createApplication', application: { name: 'bad name!' } }] },
      { job: [{ type: 'upsertLoadBalancer', application: { name: missing } }] },
      { job: [{ type: 'createApplication', application: {} }] },
    ];
    for (const body of cases) {
      const posted = await api.request('POST', '/tasks', body);
      assert.equal(posted.status, 200);
      const task = await api.request('GET', posted.body.ref);
      assert.equal(task.body.status, 'TERMINAL', JSON.stringify(body));
      const exception = task.body.variables.find((v: { key: string }) => v.key === 'exception');
      assert.equal(typeof exception.value.details.error, 'string');
    }
  });

  test('a malformed task request is a 400 naming each problem', async () => {
    const res = await api.request('POST', '/tasks', { job: 'createApplication', description: 7 });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.errors.map((e: { path: string }) => e.path).sort(), ['description', 'job']);
    const empty = await api.request('POST', '/tasks', { job: [] });
    assert.equal(empty.status, 400);
    assert.equal(empty.body.errors[0].path, 'job');
  });

  test('unknown application and unknown task are JSON 404s', async () => {
    const app = await api.request('GET', `/applications/${uniqueName('nope')}`);
    assert.equal(app.status, 404);
    assert.equal(app.body.error, 'Not Found');
    const task = await api.request('GET', '/tasks/01ABCDEFGHJKMNPQRSTVWXYZ00');
    assert.equal(task.status, 404);
  });

  test('no client mistake above logged an internal error', () => {
    assert.deepEqual(api.loggedErrors, []);
  });
});
