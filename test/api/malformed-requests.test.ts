/**
 * Issue 7, section 6: client mistakes are never a 5xx. Each row is one malformed request, sent byte
 * for byte to the real API (real PostgreSQL, real Temporal, a real worker): it must be a 4xx in the
 * JSON error shape naming the place of the problem, and nothing may be written (row counts, the
 * stored config's version and its executions unchanged).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { deflateSync, gzipSync } from 'node:zlib';
import { MAX_JSON_DEPTH } from '../../api/middleware/json-hygiene';
import { startTestWorker, type TestWorker } from '../helpers/worker';
import { type ApiHarness, eventually, startApi, uniqueName } from './support/harness';
import { judgmentPipeline } from './support/pipelines';
import { type RawRequest, type RawResponse, sendRaw } from './support/raw-request';

interface Row {
  name: string;
  request: RawRequest;
  status: number;
  /** Every one of these must be among the `errors[].path` of the answer. */
  paths: string[];
  /** A fragment of the first problem's message. */
  message?: RegExp;
}

const JSON_TYPE = { 'content-type': 'application/json' };
const post = (target: string, body: string | Buffer, headers: Record<string, string> = {}): RawRequest => ({
  method: 'POST',
  target,
  headers: { ...JSON_TYPE, ...headers },
  body,
});
const get = (target: string): RawRequest => ({ method: 'GET', target });
const nested = (depth: number, open: string, close: string, leaf: string) => open.repeat(depth) + leaf + close.repeat(depth);

function assertErrorShape(res: RawResponse, what: string) {
  assert.match(res.headers['content-type'] ?? '', /^application\/json/, `${what}: not JSON: ${res.text.slice(0, 200)}`);
  const body = res.json as Record<string, unknown>;
  assert.deepEqual(Object.keys(body).sort(), ['error', 'errors', 'message', 'status'], what);
  assert.equal(body.status, res.status, what);
  assert.equal(typeof body.message, 'string', what);
  assert.ok(Array.isArray(body.errors), what);
}

describe('malformed requests: a 4xx in the JSON error shape, and nothing written', () => {
  let worker: TestWorker;
  let api: ApiHarness;
  const app = uniqueName('malformed');
  let configId: string;
  let executionId: string;

  /** Everything a refused request must leave as it was. */
  async function snapshot() {
    const [counts] = await api.prisma.$queryRawUnsafe<Record<string, bigint>[]>(
      `SELECT (SELECT count(*) FROM application) AS applications, (SELECT count(*) FROM pipeline_config) AS configs,
              (SELECT count(*) FROM pipeline_config_version) AS versions, (SELECT count(*) FROM task) AS tasks,
              (SELECT count(*) FROM canary_config) AS canary_configs, (SELECT count(*) FROM cloud_account) AS accounts`,
    );
    const config = await api.request('GET', `/applications/${app}/pipelineConfigs/deploy`);
    const executions = await api.request('GET', `/executions?pipelineConfigIds=${configId}&limit=100`);
    const execution = await api.request('GET', `/pipelines/${executionId}`);
    return {
      counts: Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Number(v)])),
      configVersion: config.body.version,
      executions: (executions.body as { id: string }[]).map((e) => e.id).sort(),
      judgment: execution.body.stages.find((s: { name: string }) => s.name === 'Approve')?.context?.judgmentStatus ?? null,
    };
  }

  before(async () => {
    worker = await startTestWorker();
    api = await startApi({ taskQueue: worker.taskQueue });
    const created = await api.request('POST', '/tasks', { job: [{ type: 'createApplication', application: { name: app } }] });
    assert.equal(created.status, 200);
    const saved = await api.request('POST', '/pipelines', judgmentPipeline(app, 'deploy'));
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    configId = saved.body.id;
    const started = await api.request('POST', `/pipelines/${app}/deploy`, { type: 'manual', parameters: { env: 'staging' } });
    assert.equal(started.status, 202);
    executionId = started.body.ref.split('/').pop();
    // The judgment stage waits: judgments below reach a live workflow unless the API refuses them first.
    await eventually(async () => {
      const res = await api.request('GET', `/pipelines/${executionId}`);
      return res.body.stages?.find((s: { name: string }) => s.name === 'Approve')?.status === 'RUNNING' ? true : undefined;
    }, 'the judgment stage to wait', 60_000);
  });
  after(async () => {
    await api?.close();
    await worker?.shutdown();
  });

  const rows = (): Row[] => [
    // Percent-encoding and NUL in the request target (was: URIError → 500).
    { name: 'bad percent-encoding in a path segment', request: get('/applications/%ZZ'), status: 400, paths: ['path.application'], message: /percent-encoded/ },
    { name: 'overlong UTF-8 in a path segment', request: get('/applications/%C0%AE'), status: 400, paths: ['path.application'] },
    { name: 'a UTF-8-encoded surrogate in a path segment', request: get(`/pipelines/%ED%A0%80`), status: 400, paths: ['path.id'] },
    { name: 'NUL in a path segment', request: get('/tasks/%00'), status: 400, paths: ['path.id'], message: /NUL/ },
    { name: 'NUL in a stage id', request: { method: 'PATCH', target: `/pipelines/${executionId}/stages/a%00`, headers: JSON_TYPE, body: '{"judgmentStatus":"continue"}' }, status: 400, paths: ['path.stageId'] },
    { name: 'a control character in an execution id', request: { method: 'PUT', target: `/pipelines/a%0Ab/cancel` }, status: 400, paths: ['path.id'] },
    { name: 'a path segment over 1,000 bytes', request: { method: 'PUT', target: `/pipelines/${'a'.repeat(1001)}/pause` }, status: 400, paths: ['path.id'], message: /1000 bytes/ },
    { name: 'raw bytes in the request line', request: get('/applications/\xff\xfe'), status: 400, paths: [''] },
    { name: 'headers over 16 KiB', request: { method: 'GET', target: '/version', headers: { 'x-padding': 'a'.repeat(20_000) } }, status: 431, paths: [''] },
    // Identifiers are checked before they reach a visibility query (was: 21 s, then a 503 quoting Temporal's SQL).
    { name: 'NUL in a visibility filter', request: get('/executions?pipelineConfigIds=%00'), status: 400, paths: ['query.pipelineConfigIds'] },
    { name: 'NUL in one of several execution ids', request: get(`/executions?executionIds=${executionId},a%00b`), status: 400, paths: ['query.executionIds'] },
    { name: 'NUL in a status filter', request: get(`/applications/${app}/pipelines?statuses=%00`), status: 400, paths: ['query.statuses'] },
    { name: 'a control character in an application filter', request: get('/v2/canaryConfig?application=a%1Fb'), status: 400, paths: ['query.application'] },
    { name: 'an identifier over 1,000 bytes in a filter', request: get(`/executions?pipelineConfigIds=${'x'.repeat(1001)}`), status: 400, paths: ['query.pipelineConfigIds'] },
    { name: 'more than 1,000 ids in one filter', request: get(`/executions?executionIds=${Array(1001).fill('a').join(',')}`), status: 400, paths: ['query.executionIds'] },
    { name: 'bad percent-encoding in a query value', request: get('/executions?limit=%ZZ'), status: 400, paths: ['query.limit'] },
    { name: 'NUL in a free-text query value', request: { method: 'PUT', target: `/pipelines/${executionId}/cancel?reason=a%00` }, status: 400, paths: ['query.reason'] },
    { name: 'a hexadecimal limit', request: get(`/executions?pipelineConfigIds=${configId}&limit=0x10`), status: 400, paths: ['query.limit'] },
    { name: 'a limit given twice', request: get(`/applications/${app}/pipelines?limit=1&limit=2`), status: 400, paths: ['query.limit'], message: /once/ },
    { name: 'a boolean given twice', request: get('/credentials?expand=true&expand=false'), status: 400, paths: ['query.expand'] },
    { name: 'a negative limit', request: get(`/applications/${app}/pipelines?limit=-1`), status: 400, paths: ['query.limit'] },
    { name: 'a limit beyond a double', request: get(`/pipelineConfigs/${configId}/history?limit=1e400`), status: 400, paths: ['query.limit'] },
    { name: 'a version beyond PostgreSQL integer', request: get(`/pipelineConfigs/${configId}/history/99999999999999999999`), status: 400, paths: ['path.version'] },
    { name: 'restoring a version beyond PostgreSQL integer', request: { method: 'POST', target: `/pipelineConfigs/${configId}/restore/2147483648` }, status: 400, paths: ['path.version'] },
    // Bodies PostgreSQL, Prisma or the workflow cannot take.
    { name: 'NUL in a JSON string', request: post('/pipelines', JSON.stringify({ ...judgmentPipeline(app, 'deploy'), description: 'a\u0000b' })), status: 400, paths: ['description'], message: /NUL/ },
    { name: 'NUL deep in a stage', request: post('/pipelines', JSON.stringify(judgmentPipeline(app, 'deploy', { stages: [{ refId: '1', type: 'wait', name: 'w', waitTime: 1, notes: ['ok', 'x\u0000'] }] }))), status: 400, paths: ['stages[0].notes[1]'] },
    { name: 'NUL in a key', request: post('/tasks', JSON.stringify({ job: [{ type: 'updateApplication', application: { name: app, 'k\u0000': 1 } }] })), status: 400, paths: ['job[0].application["k\\u0000"]'] },
    { name: 'a lone surrogate in a judgment (was: the worker stopped polling)', request: { method: 'PATCH', target: `/pipelines/${executionId}/stages/Approve`, headers: JSON_TYPE, body: '{"judgmentStatus":"continue","judgmentInput":"\\ud800"}' }, status: 400, paths: ['judgmentInput'], message: /surrogate/ },
    { name: 'a lone surrogate in a start parameter', request: post(`/pipelines/${app}/deploy`, '{"type":"manual","parameters":{"env":"staging","note":"\\udc00x"}}'), status: 400, paths: ['parameters.note'] },
    { name: 'a lone surrogate in a key', request: post('/v2/canaryConfig', '{"name":"c","applications":["a"],"\\ud83d":1}'), status: 400, paths: ['["\\ud83d"]'] },
    { name: 'a number beyond a double', request: post('/pipelines', JSON.stringify(judgmentPipeline(app, 'deploy')).replace('"waitTime":600', '"waitTime":1e400')), status: 400, paths: ['stages[2].waitTime'] },
    { name: `a 50,000-deep object (limit ${MAX_JSON_DEPTH})`, request: post('/pipelines', nested(50_000, '{"a":', '}', '1')), status: 400, paths: [Array(MAX_JSON_DEPTH).fill('a').join('.')], message: new RegExp(`deeper than ${MAX_JSON_DEPTH}`) },
    { name: 'a 50,000-deep array', request: post('/v2/canaries/canary', nested(50_000, '[', ']', '')), status: 400, paths: ['[0]'.repeat(MAX_JSON_DEPTH)] },
    { name: 'a body that is not UTF-8', request: post('/pipelines', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d])), status: 400, paths: [''], message: /UTF-8/ },
    { name: 'a null body', request: post('/pipelines', 'null'), status: 400, paths: [''], message: /object or array/ },
    { name: 'a string body', request: post('/tasks', '"x"'), status: 400, paths: [''] },
    { name: 'an array where an object is expected', request: post('/pipelines', '[]'), status: 400, paths: [''] },
    { name: 'truncated JSON', request: post('/v2/canaryConfig', '{"name":'), status: 400, paths: [''], message: /malformed JSON/ },
    // Content-Encoding: gzip, deflate and br are decoded; anything else is a 415.
    { name: 'Content-Encoding: gzip with a plain body', request: post('/pipelines', '{}', { 'content-encoding': 'gzip' }), status: 400, paths: ['header.Content-Encoding'] },
    { name: 'Content-Encoding: deflate with a plain body', request: post('/tasks', '{}', { 'content-encoding': 'deflate' }), status: 400, paths: ['header.Content-Encoding'] },
    { name: 'Content-Encoding: br with a plain body', request: post('/v2/canaryConfig', '{}', { 'content-encoding': 'br' }), status: 400, paths: ['header.Content-Encoding'] },
    { name: 'Content-Encoding: zstd', request: post('/pipelines', '{}', { 'content-encoding': 'zstd' }), status: 415, paths: ['header.Content-Encoding'] },
    { name: 'two encodings', request: post('/pipelines', gzipSync(gzipSync('{}')), { 'content-encoding': 'gzip, gzip' }), status: 415, paths: ['header.Content-Encoding'] },
    { name: 'a gzip body that decodes to NUL', request: post('/pipelines', gzipSync('{"name":"\\u0000"}'), { 'content-encoding': 'gzip' }), status: 400, paths: ['name'] },
    { name: 'a deflate bomb (11 MiB of zeros)', request: post('/pipelines', deflateSync(Buffer.alloc(11 * 1024 * 1024, 0x20)), { 'content-encoding': 'deflate' }), status: 413, paths: [''] },
    { name: 'a charset other than UTF-8', request: post('/pipelines', '{}', { 'content-type': 'application/json; charset=latin1' }), status: 415, paths: ['header.Content-Type'] },
    // Names that become index keys and search attributes (was: PostgreSQL "index row size" → 500).
    { name: 'a pipeline name over 255 characters', request: post('/pipelines', JSON.stringify(judgmentPipeline(app, 'n'.repeat(256)))), status: 400, paths: ['name'] },
    { name: 'a pipeline id over 255 characters', request: post('/pipelines', JSON.stringify(judgmentPipeline(app, 'deploy', { id: 'i'.repeat(256) }))), status: 400, paths: ['id'] },
    { name: 'a canary config name over 255 characters', request: post('/v2/canaryConfig', JSON.stringify({ name: 'c'.repeat(300), applications: [app], metrics: [] })), status: 400, paths: ['name'] },
    { name: 'an Idempotency-Key header that is empty', request: post(`/pipelines/${app}/deploy`, '{"type":"manual","parameters":{"env":"staging"}}', { 'idempotency-key': '' }), status: 400, paths: ['header.Idempotency-Key'] },
  ];

  test('every malformed request is a 4xx naming the problem, and nothing changed', async () => {
    const before = await snapshot();
    for (const row of rows()) {
      const res = await sendRaw(api.baseUrl, row.request);
      const what = `${row.name}: ${res.status} ${res.text.slice(0, 300)}`;
      assert.equal(res.status, row.status, what);
      assertErrorShape(res, what);
      const body = res.json as { errors: { path: string; message: string }[]; message: string };
      const paths = body.errors.map((e) => e.path);
      for (const path of row.paths) assert.ok(paths.includes(path), `${what}: no problem at ${JSON.stringify(path)} (got ${JSON.stringify(paths)})`);
      if (row.message) assert.match(body.errors[0]?.message ?? body.message, row.message, what);
    }
    assert.deepEqual(await snapshot(), before);
  });

  test('a quote or backslash in a filter cannot widen the visibility query', async () => {
    // Visibility is eventually consistent: first see the execution under its own filter.
    await eventually(async () => {
      const listed = await api.request('GET', `/executions?pipelineConfigIds=${configId}&limit=100`);
      return listed.body.some((e: { id: string }) => e.id === executionId) ? true : undefined;
    }, 'the execution to be listed under its own config id');
    for (const target of [
      `/executions?limit=100&pipelineConfigIds=${encodeURIComponent("nope' OR GennakerPipelineConfigId != 'x")}`,
      `/executions?limit=100&pipelineConfigIds=${encodeURIComponent("nope\\' OR WorkflowType = 'pipelineWorkflow' OR 'a'='")}`,
      `/applications/${encodeURIComponent("nope' OR WorkflowType = 'pipelineWorkflow")}/pipelines`,
    ]) {
      const res = await api.request('GET', target);
      assert.equal(res.status, 200, `${target}: ${JSON.stringify(res.body)}`);
      assert.deepEqual(res.body, [], target);
    }
  });

  test('the worker still takes a valid judgment after the refused ones', async () => {
    const res = await api.request('PATCH', `/pipelines/${executionId}/stages/Approve`, { judgmentStatus: 'continue', judgmentInput: 'ship' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const approve = res.body.stages.find((s: { name: string }) => s.name === 'Approve');
    assert.equal(approve.context.judgmentStatus, 'continue');
    assert.equal(approve.context.judgmentInput, 'ship');
  });

  test('gzip, deflate and br bodies are decoded', async () => {
    const body = JSON.stringify(judgmentPipeline(app, 'compressed'));
    for (const [encoding, bytes] of [['gzip', gzipSync(body)], ['deflate', deflateSync(body)], ['br', (await import('node:zlib')).brotliCompressSync(body)]] as const) {
      const res = await sendRaw(api.baseUrl, post('/pipelines', bytes, { 'content-encoding': encoding }));
      assert.equal(res.status, 200, `${encoding}: ${res.text.slice(0, 300)}`);
      assert.equal((res.json as { name: string }).name, 'compressed');
    }
  });

  test('OPTIONS answers 204 with the allowed methods, or a JSON 404', async () => {
    const known = await sendRaw(api.baseUrl, { method: 'OPTIONS', target: `/pipelines/${executionId}` });
    assert.equal(known.status, 204);
    assert.equal(known.text, '');
    assert.equal(known.headers.allow, 'GET, HEAD, OPTIONS, PUT');
    const judgment = await sendRaw(api.baseUrl, { method: 'OPTIONS', target: `/pipelines/${executionId}/stages/Approve` });
    assert.equal(judgment.headers.allow, 'OPTIONS, PATCH');
    const unknown = await sendRaw(api.baseUrl, { method: 'OPTIONS', target: '/no/such/route' });
    assert.equal(unknown.status, 404);
    assertErrorShape(unknown, 'OPTIONS on an unknown path');
  });

  test('no request above logged an internal error', () => {
    assert.deepEqual(api.loggedErrors, []);
  });
});
