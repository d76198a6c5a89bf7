import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readyStages } from '../../workflows/engine/dag';
import { finalStatus } from '../../workflows/engine/final-status';
import { failureStatus } from '../../workflows/engine/failure-status';
import type { ExecutionStatus, PipelineExecution } from '../../workflows/model/execution';
import type { PipelineConfig } from '../../workflows/model/pipeline';

/** A diamond 1 → (2, 3) → 4 plus an independent 5, with the given statuses. */
function diamond(statuses: Record<string, ExecutionStatus>): PipelineExecution {
  const parents: Record<string, string[]> = { '1': [], '2': ['1'], '3': ['1'], '4': ['2', '3'], '5': [] };
  return {
    id: 'e', type: 'PIPELINE', application: 'a', name: 'p', pipelineConfigId: 'c', status: 'RUNNING', buildTime: 0, canceled: false,
    trigger: { type: 'manual', user: 'u', parameters: {} },
    stages: Object.keys(parents).map((refId) => ({
      id: refId, refId, type: 'wait', name: refId, status: statuses[refId] ?? 'NOT_STARTED', requisiteStageRefIds: parents[refId], context: {}, outputs: {},
    })),
  };
}
const ready = (statuses: Record<string, ExecutionStatus>) => readyStages(diamond(statuses)).map((s) => s.refId);

describe('DAG scheduling', () => {
  it('starts every root first', () => assert.deepEqual(ready({}), ['1', '5']));
  it('starts both branches once the root succeeded', () => assert.deepEqual(ready({ '1': 'SUCCEEDED', '5': 'RUNNING' }), ['2', '3']));
  it('holds a join until all its parents are done', () => {
    assert.deepEqual(ready({ '1': 'SUCCEEDED', '2': 'SUCCEEDED', '3': 'RUNNING', '5': 'SUCCEEDED' }), []);
    assert.deepEqual(ready({ '1': 'SUCCEEDED', '2': 'SUCCEEDED', '3': 'SUCCEEDED', '5': 'SUCCEEDED' }), ['4']);
  });
  it('lets SKIPPED and FAILED_CONTINUE parents release their children, but not STOPPED or TERMINAL', () => {
    assert.deepEqual(ready({ '1': 'SUCCEEDED', '2': 'SKIPPED', '3': 'FAILED_CONTINUE', '5': 'SUCCEEDED' }), ['4']);
    assert.deepEqual(ready({ '1': 'SUCCEEDED', '2': 'STOPPED', '3': 'SUCCEEDED', '5': 'SUCCEEDED' }), []);
    assert.deepEqual(ready({ '1': 'TERMINAL', '5': 'SUCCEEDED' }), []);
  });
});

describe('failure options and the final status', () => {
  const stageConfig = (extra: object) => ({ refId: '1', type: 'wait', name: 'w', ...extra });
  it('maps failure options like Orca', () => {
    assert.equal(failureStatus(stageConfig({})), 'TERMINAL');
    assert.equal(failureStatus(stageConfig({ continuePipeline: true })), 'FAILED_CONTINUE');
    assert.equal(failureStatus(stageConfig({ failPipeline: false })), 'STOPPED');
  });
  it('decides the execution status', () => {
    const config = (extra: object = {}) => ({ id: 'c', application: 'a', name: 'p', stages: [stageConfig(extra)] }) as PipelineConfig;
    const withStage = (status: ExecutionStatus) => ({ ...diamond({}), stages: [{ ...diamond({}).stages[0], status }] });
    assert.equal(finalStatus(withStage('SUCCEEDED'), config()), 'SUCCEEDED');
    assert.equal(finalStatus(withStage('TERMINAL'), config()), 'TERMINAL');
    assert.equal(finalStatus(withStage('STOPPED'), config()), 'SUCCEEDED');
    assert.equal(finalStatus(withStage('STOPPED'), config({ completeOtherBranchesThenFail: true })), 'TERMINAL');
    assert.equal(finalStatus({ ...withStage('SUCCEEDED'), canceled: true }, config()), 'CANCELED');
  });
});
