import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { patchStageUpdate } from '../../workflows/messages';
import { pipelineConfig, result, stage, startPipeline, waitForStageRunning } from '../helpers/pipelines';
import { startTestWorker, type TestWorker } from '../helpers/worker';

let worker: TestWorker;
before(async () => {
  worker = await startTestWorker();
});
after(async () => {
  await worker.shutdown();
});

describe('expressions in a running pipeline', () => {
  it('evaluates parameters, variables, #stage and #judgment just before each stage runs', async () => {
    const config = pipelineConfig([
      { refId: 'vars', type: 'evaluateVariables', name: 'Vars', variables: [{ key: 'replicas', value: '${#toInt(parameters.replicas) * 2}' }, { key: 'label', value: 'v-${parameters.version}' }] },
      { refId: 'mj', type: 'manualJudgment', name: 'Approve', requisiteStageRefIds: ['vars'], judgmentInputs: [{ value: 'fast' }, { value: 'slow' }] },
      {
        refId: 'check',
        type: 'checkPreconditions',
        name: 'Check',
        requisiteStageRefIds: ['mj'],
        preconditions: [
          { type: 'expression', context: { expression: "${replicas == 6 && #judgment('Approve') == 'fast' && #stage('Vars')['status'] == 'SUCCEEDED'}" } },
          { type: 'expression', context: { expression: '${execution.id.length() > 0 && trigger.user == "tester"}' } },
        ],
      },
      { refId: 'wait', type: 'wait', name: 'Wait', requisiteStageRefIds: ['check'], waitTime: "${#judgment('Approve') == 'fast' ? 0 : 600}" },
    ]);
    const handle = await startPipeline(worker.client, worker.taskQueue, config, { replicas: '3', version: '42' });
    await waitForStageRunning(handle, 'mj');
    await handle.executeUpdate(patchStageUpdate, { args: [{ stage: 'mj', judgmentStatus: 'continue', judgmentInput: 'fast' }] });
    const done = await result(handle);
    assert.equal(done.status, 'SUCCEEDED', JSON.stringify(done.stages.map((s) => [s.refId, s.status, s.exception])));
    assert.deepEqual(stage(done, 'vars').outputs, { replicas: 6, label: 'v-42' });
    assert.equal(stage(done, 'wait').context.waitTime, 0);
  });

  it('leaves a failed expression as raw text with a clear error in the stage, and fails it when asked to', async () => {
    const config = pipelineConfig([
      { refId: '1', type: 'evaluateVariables', name: 'Lenient', variables: [{ key: 'x', value: '${parameters.missing.deeper}' }] },
      { refId: '2', type: 'evaluateVariables', name: 'Strict', requisiteStageRefIds: ['1'], failOnFailedExpressions: true, variables: [{ key: 'y', value: '${#nope()}' }] },
    ]);
    const done = await result(await startPipeline(worker.client, worker.taskQueue, config));
    const lenient = stage(done, '1');
    assert.equal(lenient.status, 'SUCCEEDED');
    assert.equal(lenient.outputs.x, '${parameters.missing.deeper}');
    const summary = lenient.context.expressionEvaluationSummary as { path: string; message: string }[];
    assert.equal(summary[0].path, 'variables[0].value');
    assert.match(summary[0].message, /missing/);
    assert.equal(stage(done, '2').status, 'TERMINAL');
    assert.match(stage(done, '2').exception!.details.error, /expression evaluation failed: .*nope/);
  });
});
