import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTestWorker, type TestWorker } from '../helpers/worker';
import { type ApiHarness, eventually, startApi, uniqueName } from './support/harness';

/** The spin binary (v1.30.0): SPIN_CLI (set by the test runner, which builds it once), else .tools/bin. */
const spinPath = process.env.SPIN_CLI ?? resolve(__dirname, '../../.tools/bin/spin');

interface SpinResult {
  code: number;
  stdout: string;
  stderr: string;
}

describe("Spinnaker's spin CLI against the API, unchanged", () => {
  let worker: TestWorker;
  let api: ApiHarness;
  let home: string;
  const app = uniqueName('spin');

  function spin(...args: string[]): Promise<SpinResult> {
    return new Promise((done) => {
      const child = execFile(
        spinPath,
        ['--config', join(home, 'config'), '--gate-endpoint', api.baseUrl, ...args],
        { env: { ...process.env, HOME: home, NO_COLOR: '1' }, timeout: 60_000 },
        (err, stdout, stderr) => done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
      // spin reads JSON from stdin when no file is given: give it an empty one.
      child.stdin?.end();
    });
  }

  async function spinJson(...args: string[]) {
    const result = await spin(...args);
    assert.equal(result.code, 0, `spin ${args.join(' ')}: ${result.stderr}${result.stdout}`);
    return JSON.parse(result.stdout);
  }

  before(async () => {
    worker = await startTestWorker();
    api = await startApi({ taskQueue: worker.taskQueue });
    home = mkdtempSync(join(tmpdir(), 'gennaker-spin-'));
    writeFileSync(join(home, 'config'), `gate:\n  endpoint: ${api.baseUrl}\n`);
  });
  after(async () => {
    await api?.close();
    await worker?.shutdown();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  test('application save / get / list', async () => {
    const saved = await spin('application', 'save', '--application-name', app, '--owner-email', 'team@example.com', '--cloud-providers', 'kubernetes');
    assert.equal(saved.code, 0, saved.stderr + saved.stdout);
    const attributes = await spinJson('application', 'get', app);
    assert.equal(attributes.email, 'team@example.com');
    assert.equal(attributes.cloudProviders, 'kubernetes');
    const list = await spinJson('application', 'list');
    assert.ok(list.some((a: { name: string }) => a.name === app));
  });

  let pipelineId: string;

  test('pipeline save (twice: the second copies the id) / get / list', async () => {
    const file = join(home, 'pipeline.json');
    const pipeline = {
      application: app,
      name: 'hello',
      parameterConfig: [{ name: 'who', default: 'world' }],
      stages: [{ refId: '1', type: 'wait', name: 'Wait', waitTime: 600 }],
    };
    writeFileSync(file, JSON.stringify(pipeline));
    assert.equal((await spin('pipeline', 'save', '-f', file)).code, 0);
    writeFileSync(file, JSON.stringify({ ...pipeline, description: 'second save' }));
    assert.equal((await spin('pipeline', 'save', '-f', file)).code, 0);
    const got = await spinJson('pipeline', 'get', '--application', app, '--name', 'hello');
    assert.equal(got.version, 2);
    assert.equal(got.description, 'second save');
    pipelineId = got.id;
    const list = await spinJson('pipeline', 'list', '--application', app);
    assert.deepEqual(list.map((p: { name: string }) => p.name), ['hello']);
  });

  let executionId: string;

  test('pipeline execute / execution list / execution get', async () => {
    const executed = await spin('pipeline', 'execute', '--application', app, '--name', 'hello', '--parameter', 'who=spin');
    assert.equal(executed.code, 0, executed.stderr + executed.stdout);
    const listed = await eventually(async () => {
      const list = await spinJson('pipeline', 'execution', 'list', '--pipeline-id', pipelineId, '--running');
      return list.length === 1 ? list : undefined;
    }, 'execution listed');
    executionId = listed[0].id;
    assert.deepEqual(listed[0].trigger.parameters, { who: 'spin' });
    const got = await spinJson('pipeline', 'execution', 'get', executionId);
    assert.equal(got[0].id, executionId);
  });

  test('pipeline execution cancel', async () => {
    const canceled = await spin('pipeline', 'execution', 'cancel', executionId);
    assert.equal(canceled.code, 0, canceled.stderr + canceled.stdout);
    await eventually(async () => {
      const [execution] = await spinJson('pipeline', 'execution', 'get', executionId);
      return execution.status === 'CANCELED' ? true : undefined;
    }, 'CANCELED');
  });

  test('pipeline delete, application delete', async () => {
    assert.equal((await spin('pipeline', 'delete', '--application', app, '--name', 'hello')).code, 0);
    assert.deepEqual(await spinJson('pipeline', 'list', '--application', app), []);
    assert.equal((await spin('application', 'delete', app)).code, 0);
    const gone = await spin('application', 'get', app);
    assert.notEqual(gone.code, 0);
    assert.match(gone.stderr + gone.stdout, /not found/);
  });

  test('no request above logged an internal error', () => {
    assert.deepEqual(api.loggedErrors, []);
  });
});
