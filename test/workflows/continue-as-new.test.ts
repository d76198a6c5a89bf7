import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { PipelineWorkflowInput } from '../../workflows/model/workflow-input';
import { pipelineConfig, result, statuses } from '../helpers/pipelines';
import { startTestWorker, type TestWorker } from '../helpers/worker';

let worker: TestWorker;
before(async () => {
  worker = await startTestWorker();
});
after(async () => {
  await worker.shutdown();
});

describe('bounded history', () => {
  it('continues as new between stages once history grows, keeping the whole execution document', async () => {
    const stages = Array.from({ length: 12 }, (_, i) => ({
      refId: String(i + 1),
      type: 'noop',
      name: `step ${i + 1}`,
      requisiteStageRefIds: i ? [String(i)] : [],
    }));
    const input: PipelineWorkflowInput = {
      config: pipelineConfig(stages),
      trigger: { type: 'manual', user: 'tester', parameters: {} },
      buildTime: Date.now(),
      historyEventsBeforeContinue: 40,
    };
    const handle = await worker.client.workflow.start('pipelineWorkflow', { taskQueue: worker.taskQueue, workflowId: `can-${randomUUID()}`, args: [input] });
    const firstRunId = handle.firstExecutionRunId;
    const done = await result(handle);
    assert.equal(done.status, 'SUCCEEDED');
    assert.deepEqual(Object.values(statuses(done)), Array(12).fill('SUCCEEDED'));
    assert.equal(done.id, handle.workflowId, 'the execution id survives continue-as-new');
    const latest = await handle.describe();
    assert.notEqual(latest.runId, firstRunId, 'the workflow continued as new at least once');
    const history = await worker.client.workflow.getHandle(handle.workflowId, latest.runId).fetchHistory();
    const events = history.events?.length ?? 0;
    assert.ok(events < 60, `the last run's history stays small (${events} events)`);
  });
});
