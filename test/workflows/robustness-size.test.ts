/**
 * Issue 7 §2: an execution must not wedge itself by size. The original finding: about 1 KB of
 * config built three 1M-character variables, the document reached 9 MB and completing the
 * workflow task failed ("message too large") forever. Now a stage over its share fails with a
 * clear message, its oversized values are not stored, and the document stays under the limits
 * that every answer (query, updates, result, continue-as-new) must fit in.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { executionQuery, patchStageUpdate } from '../../workflows/messages';
import type { PipelineExecution } from '../../workflows/model/execution';
import { jsonBytes, MAX_DOCUMENT_BYTES, MAX_STAGE_BYTES } from '../../workflows/model/limits';
import type { StageConfig } from '../../workflows/model/pipeline';
import type { PipelineWorkflowInput } from '../../workflows/model/workflow-input';
import { assertUpdateRejected, pipelineConfig, result, stage, startPipeline, statuses, waitForStageRunning } from '../helpers/pipelines';
import { startTestWorker, type TestWorker } from '../helpers/worker';

let worker: TestWorker;
before(async () => {
  worker = await startTestWorker();
});
after(async () => {
  await worker.shutdown();
});

const KiB = 1024;
const variables = (refId: string, vars: Record<string, string>, requisiteStageRefIds: string[] = [], extra = {}): StageConfig => ({
  refId,
  type: 'evaluateVariables',
  name: `vars ${refId}`,
  requisiteStageRefIds,
  variables: Object.entries(vars).map(([key, value]) => ({ key, value })),
  ...extra,
});
const noop = (refId: string, requisiteStageRefIds: string[]): StageConfig => ({ refId, type: 'noop', name: `noop ${refId}`, requisiteStageRefIds });
/** `${a + a + … }` with `times` terms: a small config that builds a large value. */
const times = (name: string, n: number) => `\${${Array(n).fill(name).join(' + ')}}`;

function assertWithinLimits(execution: PipelineExecution): void {
  const bytes = jsonBytes(execution);
  assert.ok(bytes <= MAX_DOCUMENT_BYTES, `the document is ${bytes} bytes, over ${MAX_DOCUMENT_BYTES}`);
  for (const s of execution.stages) {
    const own = jsonBytes(s.context) + jsonBytes(s.outputs);
    assert.ok(own <= MAX_STAGE_BYTES, `stage ${s.refId} holds ${own} bytes, over ${MAX_STAGE_BYTES}`);
  }
}

describe('a stage over its size limits fails cleanly and the execution ends', () => {
  const cases: {
    name: string;
    stages: StageConfig[];
    parameters?: Record<string, unknown>;
    status: string;
    statuses: Record<string, string>;
    failed: string;
    message: RegExp;
    variablesKept: string[];
  }[] = [
    {
      name: 'the original finding: ~1 KB of config building variables of 10 K, 100 K and 300 K characters',
      parameters: { seed: 'x'.repeat(1000) },
      stages: [variables('1', { v1: times('parameters.seed', 10) }), variables('2', { v2: times('v1', 10) }, ['1']), variables('3', { v3: times('v2', 3) }, ['2'])],
      status: 'TERMINAL',
      statuses: { '1': 'SUCCEEDED', '2': 'SUCCEEDED', '3': 'TERMINAL' },
      failed: '3',
      message: /stage 'vars 3' would add \d+ KiB to the execution; a stage may add at most 256 KiB; not stored: context\.variables/,
      variablesKept: ['v1', 'v2'],
    },
    {
      name: 'a literal value in the config (no expression) over the share, with continuePipeline: FAILED_CONTINUE, the next stage runs',
      stages: [variables('1', { big: 'y'.repeat(300 * KiB) }, [], { continuePipeline: true }), noop('2', ['1'])],
      status: 'SUCCEEDED',
      statuses: { '1': 'FAILED_CONTINUE', '2': 'SUCCEEDED' },
      failed: '1',
      message: /a stage may add at most 256 KiB/,
      variablesKept: [],
    },
    {
      name: 'stages each within their share, but together over the document limit: the one that overflows fails',
      parameters: { seed: 'z'.repeat(100 * KiB) },
      stages: [
        variables('1', { a: '${parameters.seed}' }),
        variables('2', { b: '${parameters.seed}' }, ['1']),
        variables('3', { c: '${parameters.seed}' }, ['2']),
        variables('4', { d: '${parameters.seed}' }, ['3']),
      ],
      status: 'TERMINAL',
      statuses: { '1': 'SUCCEEDED', '2': 'SUCCEEDED', '3': 'SUCCEEDED', '4': 'TERMINAL' },
      failed: '4',
      message: /stage 'vars 4' would grow the execution document to [\d.]+ MiB; it may hold at most 1\.00 MiB/,
      variablesKept: ['a', 'b', 'c'],
    },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const handle = await startPipeline(worker.client, worker.taskQueue, pipelineConfig(c.stages), c.parameters);
      const done = await result(handle);
      assert.equal(done.status, c.status);
      assert.deepEqual(statuses(done), c.statuses);
      const failed = stage(done, c.failed);
      assert.match(failed.exception?.details.error ?? '', c.message);
      assert.deepEqual(Object.keys(done.variables ?? {}).sort(), c.variablesKept, 'the failed stage published no variables');
      assert.ok(
        Object.values({ ...failed.context, ...failed.outputs }).some((v) => typeof v === 'string' && v.startsWith('[not stored:')),
        'the oversized values are replaced by a note',
      );
      assertWithinLimits(done);
    });
  }
});

describe('messages and start inputs over their limits are refused', () => {
  it('a judgment with a 20 KiB comment is refused and the stage still takes a normal one', async () => {
    const handle = await startPipeline(worker.client, worker.taskQueue, pipelineConfig([{ refId: 'mj', type: 'manualJudgment', name: 'Approve' }]));
    await waitForStageRunning(handle, 'mj');
    await assertUpdateRejected(
      handle.executeUpdate(patchStageUpdate, { args: [{ stage: 'mj', judgmentStatus: 'continue', comment: 'c'.repeat(20 * KiB) }] }),
      /patchStage: the payload is 20 KiB; a message may hold at most 16 KiB/,
    );
    await handle.executeUpdate(patchStageUpdate, { args: [{ stage: 'mj', judgmentStatus: 'continue', comment: 'ok' }] });
    assert.equal((await result(handle)).status, 'SUCCEEDED');
  });

  it('a start input over 384 KiB, started with the client directly, fails at once with the sizes', async () => {
    const handle = await startPipeline(worker.client, worker.taskQueue, pipelineConfig([noop('1', [])]), { blob: 'b'.repeat(500 * KiB) });
    const failure = await handle.result().then(
      () => assert.fail('the execution should have failed'),
      (err: unknown) => err,
    );
    assert.ok(failure instanceof WorkflowFailedError);
    assert.match(String(failure.cause?.message), /the start input \(pipeline config and trigger\) is 500 KiB; at most 384 KiB is accepted/);
  });
});

describe('a document near its limit still fits every answer', () => {
  it('continue-as-new carries a ~700 KiB document and the query, result and run chain all work', async () => {
    const seed = 'q'.repeat(100 * KiB);
    const stages = [variables('1', { a: '${parameters.seed}' }), variables('2', { b: '${parameters.seed}' }, ['1'])];
    for (let i = 3; i <= 8; i++) stages.push(noop(String(i), [String(i - 1)]));
    const input: PipelineWorkflowInput = {
      config: pipelineConfig(stages),
      trigger: { type: 'manual', user: 'tester', parameters: { seed } },
      buildTime: Date.now(),
      historyEventsBeforeContinue: 20,
    };
    const handle = await worker.client.workflow.start('pipelineWorkflow', { taskQueue: worker.taskQueue, workflowId: `size-can-${randomUUID()}`, args: [input] });
    const done = await result(handle);
    assert.equal(done.status, 'SUCCEEDED');
    assert.deepEqual(Object.keys(done.variables ?? {}).sort(), ['a', 'b']);
    assert.ok(jsonBytes(done) > 600 * KiB, `the document is large (${jsonBytes(done)} bytes)`);
    const latest = await handle.describe();
    assert.notEqual(latest.runId, handle.firstExecutionRunId, 'the workflow continued as new carrying the document');
    const queried = await worker.client.workflow.getHandle(handle.workflowId).query(executionQuery);
    assert.equal(queried.status, 'SUCCEEDED');
    assert.equal(jsonBytes(queried), jsonBytes(done));
  });
});
