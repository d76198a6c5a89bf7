import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { json, startHttpServer } from '../helpers/http-server';
import { pipelineConfig, result, stage, startPipeline } from '../helpers/pipelines';
import { startTestWorker, type TestWorker } from '../helpers/worker';

let worker: TestWorker;
before(async () => {
  worker = await startTestWorker();
});
after(async () => {
  await worker.shutdown();
});

const webhook = (extra: object) => ({ refId: 'hook', type: 'webhook', name: 'Notify', method: 'POST', ...extra });

describe('webhook stage', () => {
  it('retries a 5xx with backoff, then succeeds, sending the evaluated payload and an idempotency key', async () => {
    let calls = 0;
    const server = await startHttpServer((_req, res) => (++calls < 3 ? json(res, 503, { error: 'busy' }) : json(res, 200, { accepted: true })));
    try {
      const config = pipelineConfig([webhook({ url: `${server.url}/hooks`, payload: { version: '${parameters.version}' }, customHeaders: { 'X-Team': 'ci' } })]);
      const done = await result(await startPipeline(worker.client, worker.taskQueue, config, { version: '1.2.3' }));
      assert.equal(done.status, 'SUCCEEDED');
      assert.equal(server.requests.length, 3);
      assert.deepEqual(JSON.parse(server.requests[2].body), { version: '1.2.3' });
      assert.equal(server.requests[2].headers['x-team'], 'ci');
      const keys = new Set(server.requests.map((r) => r.headers['idempotency-key']));
      assert.equal(keys.size, 1, 'every retry carries the same idempotency key');
      const hook = stage(done, 'hook').context.webhook as { statusCode: number; body: unknown };
      assert.equal(hook.statusCode, 200);
      assert.deepEqual(hook.body, { accepted: true });
    } finally {
      await server.close();
    }
  });

  it('fails at once on a 4xx, without retrying', async () => {
    const server = await startHttpServer((_req, res) => json(res, 422, { error: 'bad payload' }));
    try {
      const done = await result(await startPipeline(worker.client, worker.taskQueue, pipelineConfig([webhook({ url: server.url })])));
      assert.equal(done.status, 'TERMINAL');
      assert.match(stage(done, 'hook').exception!.details.error, /answered 422/);
      assert.equal(server.requests.length, 1);
    } finally {
      await server.close();
    }
  });

  it('polls the Location header until the job reports a success status', async () => {
    let polls = 0;
    const server = await startHttpServer((req, res) => {
      if (req.method === 'POST') return json(res, 202, { id: 'job-1' }, { Location: '/jobs/job-1' });
      polls += 1;
      return json(res, 200, { job: { state: polls < 3 ? 'RUNNING' : 'DONE' } });
    });
    try {
      const config = pipelineConfig([
        webhook({
          url: `${server.url}/jobs`,
          waitForCompletion: true,
          statusUrlResolution: 'locationHeader',
          statusJsonPath: '$.job.state',
          successStatuses: 'DONE',
          terminalStatuses: 'FAILED',
          pollIntervalSeconds: 0.1,
        }),
      ]);
      const done = await result(await startPipeline(worker.client, worker.taskQueue, config));
      assert.equal(done.status, 'SUCCEEDED');
      const monitor = (stage(done, 'hook').context.webhook as { monitor: { status: string; polls: number } }).monitor;
      assert.equal(monitor.status, 'DONE');
      assert.equal(monitor.polls, 3);
      assert.deepEqual(server.requests.map((r) => `${r.method} ${r.url}`).slice(0, 2), ['POST /jobs', 'GET /jobs/job-1']);
    } finally {
      await server.close();
    }
  });

  it('fails when the polled job reports a terminal status (status URL from the response body)', async () => {
    const server = await startHttpServer((req, res) =>
      req.method === 'POST' ? json(res, 200, { links: { status: '/status/7' } }) : json(res, 200, { state: 'FAILED' }),
    );
    try {
      const config = pipelineConfig([
        webhook({
          url: `${server.url}/start`,
          waitForCompletion: true,
          statusUrlResolution: 'webhookResponse',
          statusUrlJsonPath: '$.links.status',
          statusJsonPath: 'state',
          successStatuses: 'OK',
          terminalStatuses: 'FAILED,ERROR',
          pollIntervalSeconds: 0.1,
        }),
      ]);
      const done = await result(await startPipeline(worker.client, worker.taskQueue, config));
      assert.equal(done.status, 'TERMINAL');
      assert.match(stage(done, 'hook').exception!.details.error, /terminal status 'FAILED'/);
      assert.equal(server.requests[1].url, '/status/7');
    } finally {
      await server.close();
    }
  });

  it('refuses link-local / cloud metadata addresses', async () => {
    const done = await result(await startPipeline(worker.client, worker.taskQueue, pipelineConfig([webhook({ url: 'http://169.254.169.254/latest/meta-data' })])));
    assert.equal(done.status, 'TERMINAL');
    assert.match(stage(done, 'hook').exception!.details.error, /link-local\/metadata address 169\.254\.169\.254; refused/);
  });
});
