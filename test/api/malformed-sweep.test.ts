/**
 * Issue 7, section 6: a bounded generated sweep over every route `GET /openapi.json` lists. With a
 * fixed seed, each route gets the same few dozen requests every run: hostile path segments, query
 * values (wrong types, huge numbers, repeats, NUL, quotes), bodies (valid bodies with one field
 * broken, non-objects, deep nesting, bad bytes) and headers (encodings, content types,
 * Idempotency-Key oddities), sent byte for byte to the real API with a real worker behind it.
 * None may be a 5xx, every error must have the JSON error shape, and nothing may be logged as an
 * internal error.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { startTestWorker, type TestWorker } from '../helpers/worker';
import { canaryConfig, executionRequest } from './support/canary';
import { type ApiHarness, startApi, uniqueName } from './support/harness';
import { judgmentPipeline } from './support/pipelines';
import { type RawRequest, sendRaw } from './support/raw-request';

/** Requests per route: 36 routes → about 430 requests. */
const PER_ROUTE = 12;
const SEED = 0x6e6b72;

/** mulberry32: a small seeded generator, so a failure reproduces exactly. */
function seeded(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] };
}

/** Path segments as sent (already percent-encoded where needed). */
const HOSTILE_SEGMENTS = [
  '%ZZ', '%C0%AE', '%ED%A0%80', '%00', '%0A', '%E2%80%AE', '%F0%9F%98%80', 'a'.repeat(1001), 'a'.repeat(999), '..', '%2E%2E', '%2F',
  '%20', "'", '%27%20OR%20%271%27%3D%271', '%22', '%5C', '-1', '0', '1e400', 'NaN', '99999999999999999999', '2147483648', '%7Bapplication%7D', '~', 'a%2Cb',
];

/** Query values as sent. */
const HOSTILE_VALUES = [
  '', '-1', '0', 'NaN', 'Infinity', '1e400', '0x10', '1.5', '%205', '99999999999999999999', '%00', '%ZZ', '%ED%A0%80', 'a,b', ',,,', "'", '%5C', '%5C%27',
  "x'%20OR%20'1'%3D'1", 'true', 'TRUE', 'yes', 'RUNNING', 'running,terminal', 'DONE', 'a'.repeat(1001), '%0D%0A', '%09',
];

const EXTRA_QUERY_NAMES = ['limit', 'statuses', 'application', 'executionIds', 'pipelineConfigIds', 'expand', 'staleCheck', 'reason', '__proto__', 'constructor', 'a[b]'];

/** Values a field of a valid body is replaced with. */
const HOSTILE_FIELD_VALUES: unknown[] = [
  null, 0, -1, 1.5, 1e308, true, '', ' ', 'x'.repeat(300), 'x'.repeat(70_000), [], [null], {}, { a: { b: { c: [] } } }, ['a', 1, null], 'a\u0000b', '\ud800', '${#root}',
  '__proto__', { __proto__: { polluted: true } }, { constructor: { prototype: { polluted: true } } },
];

const nestedObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

const HOSTILE_BODIES: (string | Buffer)[] = [
  '', 'null', '[]', '"x"', '1', 'true', '{', '{}', '{"a":1,"a":2}', '{"__proto__":{"polluted":true}}', nestedObject(65), nestedObject(50_000),
  '{"a":"\\u0000"}', '{"a":"\\udfff"}', '{"a":1e400}', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]), Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]),
];

const HEADER_SETS: Record<string, string>[] = [
  {}, { 'content-type': 'application/json' }, { 'content-type': 'text/plain' }, { 'content-type': 'application/x-www-form-urlencoded' },
  { 'content-type': 'multipart/form-data; boundary=x' }, { 'content-type': 'application/json; charset=utf-16' }, { 'content-type': '*/*' },
  { 'content-encoding': 'gzip' }, { 'content-encoding': 'deflate' }, { 'content-encoding': 'br' }, { 'content-encoding': 'zstd' }, { 'content-encoding': 'GZIP' },
  { 'idempotency-key': '' }, { 'idempotency-key': ' ' }, { 'idempotency-key': 'k'.repeat(201) }, { 'idempotency-key': 'a\tb' }, { 'idempotency-key': '\xe9\xff' },
  { authorization: 'Bearer x' }, { 'x-forwarded-user': 'mallory' }, { 'content-length': '5' }, { 'content-length': '-1' },
];

/** Replaces one field (at any depth) of `value` with `replacement`. */
function breakOneField(value: unknown, rng: ReturnType<typeof seeded>, replacement: unknown): unknown {
  if (value === null || typeof value !== 'object') return replacement;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  if (!keys.length) return replacement;
  const key = rng.pick(keys);
  const child = (copy as Record<string, unknown>)[key];
  (copy as Record<string, unknown>)[key] = rng.next() < 0.5 ? replacement : breakOneField(child, rng, replacement);
  return copy;
}

interface Fixtures {
  application: string;
  configId: string;
  executionId: string;
  canaryConfigId: string;
  account: string;
}

/** A plausible value per path parameter, so requests also reach the routes' own code. */
function validSegment(template: string, param: string, f: Fixtures): string {
  if (param === 'application') return f.application;
  if (param === 'version') return '1';
  if (param === 'stageId') return 'Approve';
  if (param === 'name') return template.startsWith('/credentials') ? f.account : 'deploy';
  if (template.startsWith('/pipelineConfigs')) return f.configId;
  if (template.startsWith('/v2/canary')) return f.canaryConfigId;
  return f.executionId;
}

/** A valid body per route, which the sweep then breaks one field at a time. */
function validBody(method: string, template: string, f: Fixtures): unknown {
  if (template === '/tasks') return { job: [{ type: 'updateApplication', application: { name: f.application, email: 'a@example.com' } }], application: f.application };
  if (template === '/pipelines' || template === '/pipelines/{id}') return judgmentPipeline(f.application, 'deploy', { id: f.configId });
  if (template.includes('/stages/')) return { judgmentStatus: 'stop', judgmentInput: 'hold', comment: 'c' };
  if (template.startsWith('/pipelines/') && method === 'POST') return { type: 'manual', parameters: { env: 'staging' }, user: 'u' };
  if (template.startsWith('/v2/canaryConfig')) return canaryConfig(uniqueName('canary'), [f.application]);
  if (template === '/v2/canaries/canary') return { canaryConfigId: f.canaryConfigId, executionRequest: executionRequest() };
  if (template === '/v2/canaries/canary/{id}') return executionRequest();
  if (template === '/credentials') return { name: 'sweep-account', type: 'gke', project: 'sweep-project', location: 'europe-west1', cluster: 'c' };
  return {};
}

function generate(routes: { method: string; template: string; queryNames: string[] }[], f: Fixtures): RawRequest[] {
  const rng = seeded(SEED);
  const requests: RawRequest[] = [];
  for (const { method, template, queryNames } of routes) {
    for (let i = 0; i < PER_ROUTE; i++) {
      const target = template.replace(/\{([^}]+)\}/g, (_m, param: string) =>
        rng.next() < 0.6 ? encodeURIComponent(validSegment(template, param, f)) : rng.pick(HOSTILE_SEGMENTS),
      );
      const names = [...queryNames, ...EXTRA_QUERY_NAMES];
      const query = Array.from({ length: Math.floor(rng.next() * 4) }, () => `${rng.pick(names)}=${rng.pick(HOSTILE_VALUES)}`).join('&');
      const headers = { ...rng.pick(HEADER_SETS), ...(rng.next() < 0.3 ? rng.pick(HEADER_SETS) : {}) };
      let body: string | Buffer | undefined;
      if (method !== 'GET' || rng.next() < 0.1) {
        const roll = rng.next();
        if (roll < 0.55) body = JSON.stringify(breakOneField(validBody(method, template, f), rng, rng.pick(HOSTILE_FIELD_VALUES)));
        else if (roll < 0.65) body = JSON.stringify(validBody(method, template, f));
        else body = rng.pick(HOSTILE_BODIES);
      }
      if (body !== undefined && /gzip/i.test(headers['content-encoding'] ?? '') && rng.next() < 0.5) body = gzipSync(body);
      // A Content-Length beyond the body would only make the server wait for the rest.
      const length = Number(headers['content-length'] ?? -1);
      if (length > 0 && length > (body === undefined ? 0 : Buffer.byteLength(body))) delete headers['content-length'];
      const chunked = body !== undefined && !headers['content-length'] && rng.next() < 0.1;
      requests.push({ method, target: query ? `${target}?${query}` : target, headers, body, chunked });
    }
  }
  return requests;
}

describe('generated sweep over every route: never a 5xx', () => {
  let worker: TestWorker;
  let api: ApiHarness;
  const fixtures = { application: uniqueName('sweep') } as Fixtures;

  before(async () => {
    worker = await startTestWorker();
    api = await startApi({ taskQueue: worker.taskQueue, updateTimeoutMs: 20_000 });
    const created = await api.request('POST', '/tasks', { job: [{ type: 'createApplication', application: { name: fixtures.application } }] });
    assert.equal(created.status, 200);
    const saved = await api.request('POST', '/pipelines', judgmentPipeline(fixtures.application, 'deploy'));
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    fixtures.configId = saved.body.id;
    const started = await api.request('POST', `/pipelines/${fixtures.application}/deploy`, { type: 'manual', parameters: { env: 'staging' } });
    assert.equal(started.status, 202);
    fixtures.executionId = started.body.ref.split('/').pop();
    const canary = await api.request('POST', '/v2/canaryConfig', canaryConfig(uniqueName('sweep'), [fixtures.application]));
    assert.equal(canary.status, 200, JSON.stringify(canary.body));
    fixtures.canaryConfigId = canary.body.canaryConfigId;
    fixtures.account = uniqueName('sweep').toLowerCase().slice(0, 40);
    const account = await api.request('POST', '/credentials', { name: fixtures.account, type: 'gke', project: 'sweep-project', location: 'europe-west1', cluster: 'c' });
    assert.equal(account.status, 200, JSON.stringify(account.body));
  });
  after(async () => {
    await api?.close();
    await worker?.shutdown();
  });

  test(`${PER_ROUTE} generated requests per route from /openapi.json: 0 × 5xx, every error in the JSON shape`, async () => {
    const doc = await api.request('GET', '/openapi.json');
    const routes = Object.entries(doc.body.paths as Record<string, Record<string, { parameters?: { in: string; name: string }[] }>>).flatMap(
      ([template, operations]) =>
        Object.entries(operations).map(([method, op]) => ({
          method: method.toUpperCase(),
          template,
          queryNames: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        })),
    );
    assert.ok(routes.length >= 36, `only ${routes.length} routes listed`);
    const requests = generate(routes, fixtures);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (const request of requests) {
      const res = await sendRaw(api.baseUrl, request).catch((err: Error) => {
        throw new Error(`${err.message}: ${JSON.stringify({ ...request, body: String(request.body ?? '').slice(0, 80) })}`);
      });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const body = res.json as Record<string, unknown> | undefined;
      const shaped =
        res.status < 400 ||
        (/^application\/json/.test(res.headers['content-type'] ?? '') &&
          body?.status === res.status &&
          typeof body.message === 'string' &&
          Array.isArray(body.errors));
      if (res.status >= 500 || !res.status || !shaped) {
        failures.push(`${res.status} ${request.method} ${request.target.slice(0, 150)} ${JSON.stringify(request.headers)} body=${String(request.body ?? '').slice(0, 80)} → ${res.text.slice(0, 200)}`);
      }
    }
    assert.deepEqual(failures, [], `status counts ${JSON.stringify([...statuses])}`);
    // The sweep reached the routes' own code, not only the first checks.
    assert.ok([...statuses.keys()].some((s) => s >= 200 && s < 300), 'no request succeeded');
    assert.ok(statuses.has(404) && statuses.has(400), JSON.stringify([...statuses]));
    assert.deepEqual(api.loggedErrors, []);
  });
});
