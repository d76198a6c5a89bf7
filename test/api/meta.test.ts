import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type ApiHarness, startApi } from './support/harness';

describe('version, OpenAPI and the error contract', () => {
  let api: ApiHarness;
  before(async () => {
    api = await startApi();
  });
  after(() => api.close());

  test('GET /version answers {version} as JSON', async () => {
    const res = await api.request('GET', '/version');
    assert.equal(res.status, 200);
    assert.match(res.contentType ?? '', /^application\/json/);
    assert.deepEqual(res.body, { version: 'test' });
  });

  test('GET /openapi.json describes every route', async () => {
    const res = await api.request('GET', '/openapi.json');
    assert.equal(res.status, 200);
    assert.equal(res.body.openapi, '3.0.3');
    for (const path of [
      '/version',
      '/applications',
      '/applications/{application}',
      '/tasks',
      '/tasks/{id}',
      '/applications/{application}/pipelineConfigs',
      '/applications/{application}/pipelineConfigs/{name}',
      '/pipelines',
      '/pipelines/{id}',
      '/pipelines/{application}/{name}',
      '/pipelines/v2/{application}/{name}',
      '/pipelineConfigs/{id}/history',
      '/pipelineConfigs/{id}/history/{version}',
      '/pipelineConfigs/{id}/restore/{version}',
      '/executions',
      '/applications/{application}/pipelines',
      '/pipelines/{id}/cancel',
      '/applications/{application}/pipelines/{id}/cancel',
      '/pipelines/{id}/pause',
      '/pipelines/{id}/resume',
      '/pipelines/{id}/stages/{stageId}',
      '/cron/validate',
    ]) {
      assert.ok(res.body.paths[path], `missing ${path}`);
    }
  });

  test('an unknown route is a JSON 404, not HTML', async () => {
    const res = await api.request('GET', '/no/such/thing');
    assert.equal(res.status, 404);
    assert.match(res.contentType ?? '', /^application\/json/);
    assert.deepEqual(Object.keys(res.body).sort(), ['error', 'errors', 'message', 'status']);
    assert.equal(res.body.status, 404);
    assert.equal(res.body.error, 'Not Found');
  });

  test('a malformed JSON body is a 400 with the error shape', async () => {
    const res = await api.request('POST', '/pipelines', '{"application": "x", "name": ');
    assert.equal(res.status, 400);
    assert.match(res.contentType ?? '', /^application\/json/);
    assert.equal(res.body.status, 400);
    assert.equal(res.body.error, 'Bad Request');
    assert.match(res.body.message, /malformed JSON/);
    assert.equal(res.body.errors.length, 1);
  });

  test('a form-encoded body (curl -d default) is a 400, not an empty save', async () => {
    const res = await api.request('POST', '/pipelines', 'application=x&name=y', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    assert.equal(res.status, 400);
    assert.match(res.body.message, /malformed JSON/);
  });

  test('no client mistake above logged an internal error', () => {
    assert.deepEqual(api.loggedErrors, []);
  });
});
