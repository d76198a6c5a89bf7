/**
 * Issue 7 §1: text that is not valid Unicode (a lone UTF-16 surrogate) must never reach a workflow.
 * The original finding, reproduced here with the client directly before the fix: a judgment Update
 * whose `judgmentInput` held one (with short `judgmentInputs`, so the refusal quoting it was under
 * 40 characters, which protobufjs encodes with its own UTF-8 writer, emitting invalid UTF-8) made
 * the worker fail to hand its completion to Core ("Cannot decode Completion … InvalidString") and
 * shut down, while the process stayed alive and every later execution stayed NOT_STARTED. Here every message is sent with the Temporal client directly (bypassing
 * the API, which refuses such bodies itself) to a real worker; each must be refused or recorded as
 * rejected, and the same worker must go on running executions.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { cancelUpdate, manualJudgmentSignal, patchStageUpdate, pauseUpdate, skipWaitSignal } from '../../workflows/messages';
import type { PipelineExecution } from '../../workflows/model/execution';
import { findIllFormedText } from '../../workflows/model/well-formed';
import { assertUpdateRejected, pipelineConfig, result, stage, startPipeline, statuses, waitForExecution, waitForStageRunning } from '../helpers/pipelines';
import { startTestWorker, type TestWorker } from '../helpers/worker';

const LONE_HIGH = '\ud800';
const LONE_LOW = 'ok \udfff then';

let worker: TestWorker;
before(async () => {
  worker = await startTestWorker();
});
after(async () => {
  await worker.shutdown();
});

const judgment = (extra = {}) => ({ refId: 'mj', type: 'manualJudgment', name: 'Approve', judgmentInputs: [{ value: 'a' }], ...extra });
const longWait = { refId: 'w', type: 'wait', name: 'Soak', waitTime: 600 };

/** Proves the worker still runs workflows: a fresh one-stage pipeline finishes. */
async function assertWorkerAlive(): Promise<void> {
  const handle = await startPipeline(worker.client, worker.taskQueue, pipelineConfig([{ refId: '1', type: 'noop', name: 'alive' }]));
  const done = await result(handle);
  assert.equal(done.status, 'SUCCEEDED');
}

function assertWellFormed(execution: PipelineExecution): void {
  assert.equal(findIllFormedText(execution), undefined, 'the document holds no ill-formed text');
}

describe('updates with a lone surrogate are refused, naming the field, and the worker lives on', () => {
  const cases: { name: string; send: (h: Awaited<ReturnType<typeof startPipeline>>) => Promise<unknown>; field: RegExp }[] = [
    {
      name: 'patchStage judgmentInput (the original crash: an input outside judgmentInputs is quoted in the refusal)',
      send: (h) => h.executeUpdate(patchStageUpdate, { args: [{ stage: 'mj', judgmentStatus: 'continue', judgmentInput: LONE_HIGH }] }),
      field: /judgmentInput contains a lone UTF-16 surrogate/,
    },
    {
      name: 'patchStage comment',
      send: (h) => h.executeUpdate(patchStageUpdate, { args: [{ stage: 'mj', judgmentStatus: 'continue', judgmentInput: 'a', comment: LONE_LOW }] }),
      field: /comment contains a lone UTF-16 surrogate/,
    },
    {
      name: 'patchStage user',
      send: (h) => h.executeUpdate(patchStageUpdate, { args: [{ stage: 'mj', judgmentStatus: 'stop', user: LONE_LOW }] }),
      field: /user contains a lone UTF-16 surrogate/,
    },
    {
      name: 'patchStage stage (an unknown stage name is quoted in the refusal)',
      send: (h) => h.executeUpdate(patchStageUpdate, { args: [{ stage: LONE_HIGH, judgmentStatus: 'continue' }] }),
      field: /stage contains a lone UTF-16 surrogate/,
    },
    {
      name: 'patchStage roles[1]',
      send: (h) => h.executeUpdate(patchStageUpdate, { args: [{ stage: 'mj', judgmentStatus: 'continue', roles: ['a', LONE_HIGH] }] }),
      field: /roles\[1\] contains a lone UTF-16 surrogate/,
    },
    {
      name: 'cancel reason',
      send: (h) => h.executeUpdate(cancelUpdate, { args: [{ reason: LONE_HIGH, user: 'alice' }] }),
      field: /cancel: reason contains a lone UTF-16 surrogate/,
    },
    {
      name: 'pause user',
      send: (h) => h.executeUpdate(pauseUpdate, { args: [{ user: LONE_LOW }] }),
      field: /pause: user contains a lone UTF-16 surrogate/,
    },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const handle = await startPipeline(worker.client, worker.taskQueue, pipelineConfig([judgment()]));
      await waitForStageRunning(handle, 'mj');
      await assertUpdateRejected(c.send(handle), c.field);
      // Nothing changed, and the same execution still takes a valid judgment.
      const still = await waitForStageRunning(handle, 'mj');
      assert.equal(still.status, 'RUNNING');
      assert.equal(stage(still, 'mj').context.judgmentStatus, undefined);
      await handle.executeUpdate(patchStageUpdate, { args: [{ stage: 'mj', judgmentStatus: 'continue', judgmentInput: 'a' }] });
      const done = await result(handle);
      assert.deepEqual(statuses(done), { mj: 'SUCCEEDED' });
      assertWellFormed(done);
    });
  }

  it('after all of them, the worker still runs new executions', assertWorkerAlive);
});

describe('signals with a lone surrogate are recorded as rejected, without the raw text', () => {
  it('manualJudgment: judgmentInput, comment and user', async () => {
    const handle = await startPipeline(worker.client, worker.taskQueue, pipelineConfig([judgment({ judgmentInputs: [] })]));
    await waitForStageRunning(handle, 'mj');
    await handle.signal(manualJudgmentSignal, { stage: 'mj', judgmentStatus: 'continue', judgmentInput: LONE_HIGH });
    await handle.signal(manualJudgmentSignal, { stage: 'Approve', judgmentStatus: 'continue', comment: LONE_LOW, user: LONE_HIGH });
    const rejected = await waitForExecution(handle, (e) => ((stage(e, 'mj').context.rejectedJudgments as unknown[]) ?? []).length === 2);
    const entries = stage(rejected, 'mj').context.rejectedJudgments as { reason: string; user?: string }[];
    assert.match(entries[0].reason, /manualJudgment: judgmentInput contains a lone UTF-16 surrogate/);
    assert.match(entries[1].reason, /manualJudgment: comment contains a lone UTF-16 surrogate/);
    assert.equal(entries[1].user, '\ufffd', 'the user is kept, repaired');
    assert.equal(stage(rejected, 'mj').context.judgmentStatus, undefined);
    assertWellFormed(rejected);
    // A valid signal afterwards is applied as usual.
    await handle.signal(manualJudgmentSignal, { stage: 'mj', judgmentStatus: 'continue', judgmentInput: 'fine' });
    const done = await result(handle);
    assert.equal(stage(done, 'mj').status, 'SUCCEEDED');
    assert.equal(stage(done, 'mj').context.judgmentInput, 'fine');
    assertWellFormed(done);
  });

  it('skipRemainingWait naming no stage: recorded in the execution', async () => {
    const handle = await startPipeline(worker.client, worker.taskQueue, pipelineConfig([longWait]));
    await waitForStageRunning(handle, 'w');
    await handle.signal(skipWaitSignal, { stage: LONE_LOW });
    const rejected = await waitForExecution(handle, (e) => (e.rejectedMessages ?? []).length === 1);
    assert.match(rejected.rejectedMessages![0].reason, /skipRemainingWait: stage contains a lone UTF-16 surrogate/);
    assertWellFormed(rejected);
    await handle.signal(skipWaitSignal, { stage: 'w' });
    assert.equal((await result(handle)).status, 'SUCCEEDED');
  });
});

describe('a start input with a lone surrogate fails its execution at once with a clear message', () => {
  const cases: { name: string; config: () => ReturnType<typeof pipelineConfig>; path: RegExp }[] = [
    { name: 'in a stage name', config: () => pipelineConfig([{ refId: '1', type: 'noop', name: `bad ${LONE_HIGH}` }]), path: /input\.config\.stages\[0\]\.name/ },
    {
      name: 'in a child pipeline stage refId (it would become a child workflow id)',
      config: () => pipelineConfig([{ refId: `c${LONE_LOW}`, type: 'pipeline', name: 'child', pipeline: 'x' }]),
      path: /input\.config\.stages\[0\]\.refId/,
    },
    { name: 'in a key of a stage config', config: () => pipelineConfig([{ refId: '1', type: 'wait', name: 'w', waitTime: 0, [LONE_HIGH]: 1 }]), path: /input\.config\.stages\[0\]\[/ },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const handle = await startPipeline(worker.client, worker.taskQueue, c.config());
      const failure = await handle.result().then(
        () => assert.fail('the execution should have failed'),
        (err: unknown) => err,
      );
      assert.ok(failure instanceof WorkflowFailedError);
      assert.match(String(failure.cause?.message), c.path);
      assert.match(String(failure.cause?.message), /lone UTF-16 surrogate/);
    });
  }

  it('and the worker still runs new executions', assertWorkerAlive);
});
