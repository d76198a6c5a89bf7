import type { Client } from '@temporalio/client';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { patchStageUpdate } from '../../workflows/messages';
import { connectClient } from '../helpers/client';
import { json, startHttpServer } from '../helpers/http-server';
import { pipelineConfig, result, stage, startPipeline, statuses, waitForExecution, waitForStageRunning } from '../helpers/pipelines';
import { startWorkerProcess } from '../helpers/worker-process';

let client: Client;
let server: Awaited<ReturnType<typeof startHttpServer>>;
let jobDone = false;

before(async () => {
  client = await connectClient();
  server = await startHttpServer((req, res) => {
    if (req.url.startsWith('/status')) return json(res, 200, { state: jobDone ? 'DONE' : 'RUNNING' });
    if (req.url.startsWith('/start')) return json(res, 202, { statusUrl: `/status${req.url.slice('/start'.length)}` });
    return json(res, 200, { ok: true });
  });
});
after(async () => {
  await server.close();
  await client.connection.close();
});

const hook = (refId: string, path: string, requisiteStageRefIds: string[] = [], extra = {}) => ({
  refId,
  type: 'webhook',
  name: `hook ${refId}`,
  method: 'POST',
  url: `${server.url}${path}`,
  requisiteStageRefIds,
  ...extra,
});
const calls = (path: string) => server.requests.filter((r) => r.method === 'POST' && r.url === path).length;

describe('a worker killed with SIGKILL loses nothing and repeats nothing', () => {
  it('while a manual judgment is pending', async () => {
    const taskQueue = `restart-${randomUUID()}`;
    const id = randomUUID().slice(0, 8);
    const config = pipelineConfig([
      hook('before', `/before-${id}`),
      { refId: 'mj', type: 'manualJudgment', name: 'Approve', requisiteStageRefIds: ['before'] },
      hook('after', `/after-${id}`, ['mj']),
    ]);
    const first = await startWorkerProcess(taskQueue);
    const handle = await startPipeline(client, taskQueue, config);
    await waitForStageRunning(handle, 'mj');
    await first.kill();
    const second = await startWorkerProcess(taskQueue);
    try {
      await handle.executeUpdate(patchStageUpdate, { args: [{ stage: 'mj', judgmentStatus: 'continue', user: 'alice' }] });
      const done = await result(handle);
      assert.deepEqual(statuses(done), { before: 'SUCCEEDED', mj: 'SUCCEEDED', after: 'SUCCEEDED' });
      assert.equal(calls(`/before-${id}`), 1);
      assert.equal(calls(`/after-${id}`), 1);
    } finally {
      await second.stop();
    }
  });

  it('while a wait stage is in progress', async () => {
    const taskQueue = `restart-${randomUUID()}`;
    const id = randomUUID().slice(0, 8);
    const config = pipelineConfig([
      hook('before', `/before-${id}`),
      { refId: 'wait', type: 'wait', name: 'Soak', waitTime: 4, requisiteStageRefIds: ['before'] },
      hook('after', `/after-${id}`, ['wait']),
    ]);
    const first = await startWorkerProcess(taskQueue);
    const handle = await startPipeline(client, taskQueue, config);
    await waitForStageRunning(handle, 'wait');
    await first.kill();
    const second = await startWorkerProcess(taskQueue);
    try {
      const done = await result(handle);
      assert.equal(done.status, 'SUCCEEDED');
      const wait = stage(done, 'wait');
      assert.ok(wait.endTime! - wait.startTime! >= 4000, 'the timer kept its full duration');
      assert.equal(calls(`/before-${id}`), 1);
      assert.equal(calls(`/after-${id}`), 1);
    } finally {
      await second.stop();
    }
  });

  it('while a webhook is polling its job status', async () => {
    jobDone = false;
    const taskQueue = `restart-${randomUUID()}`;
    const id = randomUUID().slice(0, 8);
    const config = pipelineConfig([
      hook('job', `/start-${id}`, [], {
        waitForCompletion: true,
        statusUrlResolution: 'webhookResponse',
        statusUrlJsonPath: 'statusUrl',
        statusJsonPath: 'state',
        successStatuses: 'DONE',
        pollIntervalSeconds: 0.2,
      }),
    ]);
    const original = server.requests.length;
    const first = await startWorkerProcess(taskQueue);
    const handle = await startPipeline(client, taskQueue, config);
    await waitForExecution(handle, () => server.requests.slice(original).filter((r) => r.url.startsWith('/status')).length >= 2, 30_000);
    await first.kill();
    const second = await startWorkerProcess(taskQueue);
    try {
      const pollsBefore = server.requests.filter((r) => r.url.startsWith('/status')).length;
      await waitForExecution(handle, () => server.requests.filter((r) => r.url.startsWith('/status')).length > pollsBefore, 60_000);
      jobDone = true;
      const done = await result(handle);
      assert.equal(done.status, 'SUCCEEDED');
      assert.equal(calls(`/start-${id}`), 1, 'the job was started once');
    } finally {
      await second.stop();
    }
  });
});
