/**
 * Issue 7 §1: a worker that stops polling must exit (non-zero, so a supervisor restarts it) and
 * never linger as a live process that does nothing. Each case runs `worker/main.ts` as a real OS
 * process, drives its SDK worker into the fatal state (an update refused with text the worker
 * cannot encode, the mechanism of the original judgment crash, from a test-only workflow) and
 * asserts the process exits. A requested stop (SIGTERM) still exits 0.
 */
import type { ChildProcess } from 'node:child_process';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { poisonUpdate } from '../fixtures/poison-bundle/workflows';
import { connectClient } from '../helpers/client';
import { testEnv } from '../helpers/env';
import { json, startHttpServer } from '../helpers/http-server';
import { pipelineConfig, startPipeline, waitForStageRunning } from '../helpers/pipelines';
import { startWorkerProcess } from '../helpers/worker-process';

/** Generous for a contended machine; the worker itself exits within ~6 s of the fatal error. */
const EXIT_DEADLINE_MS = 60_000;

let client: Client;
let bundle: string;
let server: Awaited<ReturnType<typeof startHttpServer>>;

before(async () => {
  client = await connectClient();
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../fixtures/poison-bundle/workflows'), logger: new DefaultLogger('ERROR') });
  bundle = join(testEnv().runDir, `poison-bundle-${randomUUID()}.js`);
  writeFileSync(bundle, code);
  // A job that never finishes: the webhook stage keeps polling it (an activity in flight).
  server = await startHttpServer((req, res) => json(res, 200, { state: 'RUNNING' }));
});
after(async () => {
  await server.close();
  await client.connection.close();
});

/** The process's exit code, or a failure if it is still alive at the deadline. */
function exitCode(child: ChildProcess, timeoutMs = EXIT_DEADLINE_MS): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the worker process was still alive ${timeoutMs} ms after its worker stopped polling`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** Sends the poison update; resolves once the call gives up (no worker will answer: the one that receives it dies). */
async function poison(taskQueue: string): Promise<() => Promise<void>> {
  const handle = await client.workflow.start('poisonWorkflow', { taskQueue, workflowId: `poison-${randomUUID()}` });
  const call = client.withDeadline(Date.now() + 10_000, () => handle.executeUpdate(poisonUpdate, { args: ['\ud800'] })).then(
    () => undefined,
    () => undefined,
  );
  return () => call;
}

describe('the worker process exits when its worker stops polling', () => {
  const cases: { name: string; busy: boolean }[] = [
    { name: 'a fatal worker error while idle: the process exits 1', busy: false },
    { name: 'a fatal worker error while an activity is in flight (webhook polling): the process still exits 1', busy: true },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const taskQueue = `exit-${randomUUID()}`;
      const worker = await startWorkerProcess(taskQueue, undefined, { GENNAKER_WORKFLOW_BUNDLE: bundle });
      try {
        if (c.busy) {
          const handle = await startPipeline(
            client,
            taskQueue,
            pipelineConfig([{ refId: 'hook', type: 'webhook', name: 'poll', method: 'GET', url: `${server.url}/job`, waitForCompletion: true, statusJsonPath: '$.state', successStatuses: 'DONE', pollIntervalSeconds: 1 }]),
          );
          await waitForStageRunning(handle, 'hook');
          const polls = () => server.requests.filter((r) => r.url === '/job').length;
          const deadline = Date.now() + 30_000;
          while (polls() < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
          assert.ok(polls() >= 2, 'the webhook stage is polling when the worker fails');
        }
        const settled = await poison(taskQueue);
        assert.equal(await exitCode(worker.process), 1);
        await settled();
      } finally {
        await worker.kill();
      }
    });
  }

  it('a requested stop (SIGTERM) exits 0', async () => {
    const worker = await startWorkerProcess(`exit-${randomUUID()}`, undefined, { GENNAKER_WORKFLOW_BUNDLE: bundle });
    worker.process.kill('SIGTERM');
    assert.equal(await exitCode(worker.process), 0);
  });
});
