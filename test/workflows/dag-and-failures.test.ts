import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestWorker, type TestWorker } from '../helpers/worker';
import { pipelineConfig, result, stage, startPipeline, statuses } from '../helpers/pipelines';

let worker: TestWorker;
before(async () => {
  worker = await startTestWorker();
});
after(async () => {
  await worker.shutdown();
});

const wait = (refId: string, seconds: number, requisiteStageRefIds: string[] = [], extra = {}) => ({
  refId,
  type: 'wait',
  name: `wait ${refId}`,
  waitTime: seconds,
  requisiteStageRefIds,
  ...extra,
});
/** A stage that fails: a precondition that is false. */
const failing = (refId: string, requisiteStageRefIds: string[] = [], extra = {}) => ({
  refId,
  type: 'checkPreconditions',
  name: `check ${refId}`,
  requisiteStageRefIds,
  preconditions: [{ type: 'expression', context: { expression: false, failureMessage: `check ${refId} is false` } }],
  ...extra,
});

describe('stage DAG', () => {
  it('runs parallel branches together and starts a join only after all its parents', async () => {
    const config = pipelineConfig([wait('1', 0), wait('2', 1, ['1']), wait('3', 1, ['1']), wait('4', 0, ['2', '3'])]);
    const done = await result(await startPipeline(worker.client, worker.taskQueue, config));
    assert.equal(done.status, 'SUCCEEDED');
    const [s1, s2, s3, s4] = ['1', '2', '3', '4'].map((r) => stage(done, r));
    assert.ok(s2.startTime! >= s1.endTime! && s3.startTime! >= s1.endTime!);
    // Parallel: the two one-second branches overlap instead of running back to back.
    assert.ok(s3.startTime! < s2.endTime! && s2.startTime! < s3.endTime!, 'branches 2 and 3 overlapped');
    assert.ok(s4.startTime! >= Math.max(s2.endTime!, s3.endTime!), 'join started after both parents');
    assert.ok(done.endTime! >= s4.endTime!);
  });

  it('skips a stage whose stageEnabled expression is false and continues after it', async () => {
    const config = pipelineConfig(
      [wait('1', 0, [], { stageEnabled: { type: 'expression', expression: "parameters.run == 'yes'" } }), wait('2', 0, ['1'])],
      { parameterConfig: [{ name: 'run', default: 'no' }] },
    );
    const done = await result(await startPipeline(worker.client, worker.taskQueue, config, { run: 'no' }));
    assert.deepEqual(statuses(done), { '1': 'SKIPPED', '2': 'SUCCEEDED' });
    assert.equal(done.status, 'SUCCEEDED');
  });
});

describe('failure options', () => {
  it('failPipeline (default): TERMINAL halts the pipeline and cancels the other branch', async () => {
    const config = pipelineConfig([failing('1'), wait('2', 30), wait('3', 0, ['1'])]);
    const done = await result(await startPipeline(worker.client, worker.taskQueue, config));
    assert.equal(done.status, 'TERMINAL');
    assert.deepEqual(statuses(done), { '1': 'TERMINAL', '2': 'CANCELED', '3': 'NOT_STARTED' });
    assert.match(stage(done, '1').exception!.details.error, /check 1 is false/);
  });

  it('continuePipeline: FAILED_CONTINUE and downstream stages still run', async () => {
    const config = pipelineConfig([failing('1', [], { continuePipeline: true, failPipeline: false }), wait('2', 0, ['1'])]);
    const done = await result(await startPipeline(worker.client, worker.taskQueue, config));
    assert.deepEqual(statuses(done), { '1': 'FAILED_CONTINUE', '2': 'SUCCEEDED' });
    assert.equal(done.status, 'SUCCEEDED');
  });

  it('failPipeline false: STOPPED halts only its branch; the other branch finishes', async () => {
    const config = pipelineConfig([failing('1', [], { failPipeline: false }), wait('2', 0, ['1']), wait('3', 1), wait('4', 0, ['3'])]);
    const done = await result(await startPipeline(worker.client, worker.taskQueue, config));
    assert.deepEqual(statuses(done), { '1': 'STOPPED', '2': 'NOT_STARTED', '3': 'SUCCEEDED', '4': 'SUCCEEDED' });
    assert.equal(done.status, 'SUCCEEDED');
  });

  it('completeOtherBranchesThenFail: other branches finish, then the execution is TERMINAL', async () => {
    const config = pipelineConfig([failing('1', [], { failPipeline: false, completeOtherBranchesThenFail: true }), wait('2', 1), wait('3', 0, ['2'])]);
    const done = await result(await startPipeline(worker.client, worker.taskQueue, config));
    assert.deepEqual(statuses(done), { '1': 'STOPPED', '2': 'SUCCEEDED', '3': 'SUCCEEDED' });
    assert.equal(done.status, 'TERMINAL');
  });

  it('stageTimeoutMs bounds a stage: it ends TERMINAL with a timeout message', async () => {
    const config = pipelineConfig([wait('1', 60, [], { stageTimeoutMs: 500 })]);
    const done = await result(await startPipeline(worker.client, worker.taskQueue, config));
    assert.equal(stage(done, '1').status, 'TERMINAL');
    assert.match(stage(done, '1').exception!.details.error, /timed out after 500 ms/);
    assert.equal(done.status, 'TERMINAL');
  });
});
