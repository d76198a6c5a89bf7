import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { manualJudgmentSignal, patchStageUpdate } from '../../workflows/messages';
import { testEnv } from '../helpers/env';
import { assertUpdateRejected, pipelineConfig, result, stage, startPipeline, statuses, waitForExecution, waitForStageRunning } from '../helpers/pipelines';
import { startTestWorker, type TestWorker } from '../helpers/worker';

let worker: TestWorker;
before(async () => {
  worker = await startTestWorker();
});
after(async () => {
  await worker.shutdown();
});

const judgment = (extra = {}) => ({
  refId: 'mj',
  type: 'manualJudgment',
  name: 'Approve prod',
  instructions: 'Check the dashboards',
  judgmentInputs: [{ value: 'ship it' }, { value: 'hold' }],
  ...extra,
});
const after1 = { refId: 'next', type: 'wait', name: 'after', waitTime: 0, requisiteStageRefIds: ['mj'] };

async function startJudgmentPipeline(extra = {}) {
  const handle = await startPipeline(worker.client, worker.taskQueue, pipelineConfig([judgment(extra), after1]));
  await waitForStageRunning(handle, 'mj');
  return handle;
}

describe('manual judgment', () => {
  it('continue by Update: SUCCEEDED with input, user, comment and time recorded, then the next stage runs', async () => {
    const handle = await startJudgmentPipeline();
    const updated = await handle.executeUpdate(patchStageUpdate, {
      args: [{ stage: 'mj', judgmentStatus: 'continue', judgmentInput: 'ship it', user: 'alice', comment: 'dashboards green' }],
    });
    assert.equal(updated.context.judgmentStatus, 'continue');
    const done = await result(handle);
    assert.deepEqual(statuses(done), { mj: 'SUCCEEDED', next: 'SUCCEEDED' });
    const mj = stage(done, 'mj');
    assert.equal(mj.context.judgmentInput, 'ship it');
    assert.equal(mj.context.lastModifiedBy, 'alice');
    assert.equal(mj.context.judgmentComment, 'dashboards green');
    assert.equal(typeof mj.context.judgedAt, 'number');
    assert.equal(done.status, 'SUCCEEDED');
  });

  it('stop by Update: the stage is TERMINAL and the pipeline halts', async () => {
    const handle = await startJudgmentPipeline();
    await handle.executeUpdate(patchStageUpdate, { args: [{ stage: 'Approve prod', judgmentStatus: 'stop', user: 'bob' }] });
    const done = await result(handle);
    assert.deepEqual(statuses(done), { mj: 'TERMINAL', next: 'NOT_STARTED' });
    assert.equal(done.status, 'TERMINAL');
  });

  it('rejects an invalid input, an unknown stage and a second judgment without changing anything', async () => {
    const longNext = { ...after1, waitTime: 600 };
    const handle = await startPipeline(worker.client, worker.taskQueue, pipelineConfig([judgment(), longNext]));
    await waitForStageRunning(handle, 'mj');
    const reject = (payload: object, pattern: RegExp) =>
      assertUpdateRejected(handle.executeUpdate(patchStageUpdate, { args: [payload as never] }), pattern);
    await reject({ stage: 'mj', judgmentStatus: 'continue', judgmentInput: 'yolo' }, /'yolo' is not one of: ship it, hold/);
    await reject({ stage: 'nope', judgmentStatus: 'continue' }, /no stage 'nope'/);
    await reject({ stage: 'mj', judgmentStatus: 'maybe' }, /must be 'continue' or 'stop'/);
    await reject({ stage: 'next', skipRemainingWait: true }, /NOT_STARTED, not waiting/);
    const still = await waitForStageRunning(handle, 'mj');
    assert.equal(stage(still, 'mj').context.judgmentStatus, undefined);
    await handle.executeUpdate(patchStageUpdate, { args: [{ stage: 'mj', judgmentStatus: 'continue' }] });
    await waitForStageRunning(handle, 'next');
    await reject({ stage: 'mj', judgmentStatus: 'stop' }, /SUCCEEDED, not awaiting judgment/);
    await handle.executeUpdate(patchStageUpdate, { args: [{ stage: 'next', skipRemainingWait: true }] });
    const done = await result(handle);
    assert.equal(done.status, 'SUCCEEDED');
    assert.equal(stage(done, 'mj').context.judgmentStatus, 'continue');
  });

  it('enforces requiredJudgmentRoles (and the older selectedStageRoles)', async () => {
    for (const rolesField of ['requiredJudgmentRoles', 'selectedStageRoles']) {
      const handle = await startJudgmentPipeline({ [rolesField]: ['release-managers'] });
      await assertUpdateRejected(
        handle.executeUpdate(patchStageUpdate, { args: [{ stage: 'mj', judgmentStatus: 'continue', user: 'eve', roles: ['devs'] }] }),
        /lacks a role required/,
      );
      await handle.executeUpdate(patchStageUpdate, {
        args: [{ stage: 'mj', judgmentStatus: 'continue', user: 'rm', roles: ['release-managers'] }],
      });
      assert.equal((await result(handle)).status, 'SUCCEEDED');
    }
  });

  it('times out as TERMINAL when nobody judges within stageTimeoutMs', async () => {
    const handle = await startPipeline(worker.client, worker.taskQueue, pipelineConfig([judgment({ stageTimeoutMs: 700 }), after1]));
    const done = await result(handle);
    assert.equal(stage(done, 'mj').status, 'TERMINAL');
    assert.match(stage(done, 'mj').exception!.details.error, /timed out/);
  });

  it('accepts the Web UI signal (stage by name) and records an invalid signal in the stage without failing', async () => {
    const handle = await startJudgmentPipeline();
    await handle.signal(manualJudgmentSignal, { stage: 'Approve prod', judgmentStatus: 'continue', judgmentInput: 'nonsense', user: 'mallory' });
    const rejected = await waitForExecution(handle, (e) => Array.isArray(stage(e, 'mj').context.rejectedJudgments));
    const entries = stage(rejected, 'mj').context.rejectedJudgments as { reason: string; user: string }[];
    assert.match(entries[0].reason, /not one of/);
    assert.equal(entries[0].user, 'mallory');
    assert.equal(stage(rejected, 'mj').status, 'RUNNING');
    await handle.signal(manualJudgmentSignal, { stage: 'Approve prod', judgmentStatus: 'continue', user: 'alice' });
    const done = await result(handle);
    assert.equal(stage(done, 'mj').status, 'SUCCEEDED');
    assert.equal(stage(done, 'mj').context.lastModifiedBy, 'alice');
  });

  it('accepts the same signal sent with the Temporal CLI', async () => {
    const handle = await startJudgmentPipeline();
    const cli = testEnv().temporalCli;
    await promisify(execFile)(cli, [
      'workflow', 'signal',
      '--address', testEnv().temporalAddress,
      '--workflow-id', handle.workflowId,
      '--name', 'manualJudgment',
      '--input', JSON.stringify({ stage: 'mj', judgmentStatus: 'stop', user: 'cli-user' }),
    ]);
    const done = await result(handle);
    assert.equal(stage(done, 'mj').status, 'TERMINAL');
    assert.equal(stage(done, 'mj').context.lastModifiedBy, 'cli-user');
  });
});
