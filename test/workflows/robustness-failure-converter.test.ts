/**
 * Issue 7 §1, defense in depth: whatever check a future change forgets, a failure whose text holds
 * a lone surrogate must not stop the worker. Gennaker's failure converter (worker/failure-converter.ts)
 * makes every failure text well-formed, in the workflow sandbox and for activities. The same poison
 * workflows that make a worker without it exit (robustness-worker-exit.test.ts) are answered here.
 */
import { bundleWorkflowCode, DefaultLogger, NativeConnection } from '@temporalio/worker';
import type { Worker } from '@temporalio/worker';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Client } from '@temporalio/client';
import { createWorker, FAILURE_CONVERTER_PATH } from '../../worker/create-worker';
import { poisonUpdate } from '../fixtures/poison-bundle/workflows';
import { connectClient } from '../helpers/client';
import { testEnv } from '../helpers/env';
import { assertUpdateRejected, pipelineConfig, result, startPipeline } from '../helpers/pipelines';

let client: Client;
let connection: NativeConnection;
let worker: Worker;
let running: Promise<void>;
const taskQueue = `converter-${randomUUID()}`;

before(async () => {
  client = await connectClient();
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../fixtures/poison-bundle/workflows'),
    failureConverterPath: FAILURE_CONVERTER_PATH,
    logger: new DefaultLogger('ERROR'),
  });
  const bundle = join(testEnv().runDir, `converter-bundle-${randomUUID()}.js`);
  writeFileSync(bundle, code);
  connection = await NativeConnection.connect({ address: testEnv().temporalAddress });
  worker = await createWorker({
    connection,
    namespace: testEnv().namespace,
    taskQueue,
    workflowBundlePath: bundle,
    deps: { pipelineConfigs: { getPipelineConfigById: async () => null }, webhook: { allowLinkLocal: false } },
    extraActivities: {
      failWith: async (text: string) => {
        throw new Error(text);
      },
    },
  });
  running = worker.run();
});
after(async () => {
  worker.shutdown();
  await running;
  await connection.close();
  await client.connection.close();
});

describe('the failure converter keeps ill-formed failure texts from stopping the worker', () => {
  it('an update refused with a short message holding a lone surrogate is answered with U+FFFD', async () => {
    const handle = await client.workflow.start('poisonWorkflow', { taskQueue, workflowId: `converter-${randomUUID()}` });
    for (const text of ['\ud800', 'x\udc00']) {
      await assertUpdateRejected(handle.executeUpdate(poisonUpdate, { args: [text] }), new RegExp(`refused: ${text.replace(/[\ud800-\udfff]/, '\ufffd')}$`));
    }
    await handle.terminate('done');
  });

  it('an activity failing with such a message reaches its workflow repaired', async () => {
    const message = await client.workflow.execute('poisonActivityWorkflow', { taskQueue, workflowId: `converter-${randomUUID()}`, args: ['\udbff!'] });
    assert.equal(message, '\ufffd!');
  });

  it('and the worker still runs pipelines', async () => {
    const handle = await startPipeline(client, taskQueue, pipelineConfig([{ refId: '1', type: 'noop', name: 'alive' }]));
    assert.equal((await result(handle)).status, 'SUCCEEDED');
    assert.equal(worker.getState(), 'RUNNING');
  });
});
