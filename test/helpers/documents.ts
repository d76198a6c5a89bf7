import type { PipelineExecution, StageExecution } from '../../workflows/model/execution';

/** An execution document for pure tests: a running `shop` pipeline, with the fields given. */
export function executionDocument(fields: Partial<PipelineExecution> = {}): PipelineExecution {
  return {
    id: 'exec-1',
    type: 'PIPELINE',
    application: 'shop',
    name: 'Deploy shop',
    pipelineConfigId: 'cfg-1',
    status: 'RUNNING',
    buildTime: 0,
    canceled: false,
    trigger: { type: 'manual', user: 'alice', parameters: {} },
    stages: [],
    ...fields,
  };
}

/** A SUCCEEDED stage record with no parents, with the fields given. */
export function stageDocument(fields: Partial<StageExecution> & Pick<StageExecution, 'refId' | 'name' | 'type'>): StageExecution {
  return { id: `stage-${fields.refId}`, status: 'SUCCEEDED', requisiteStageRefIds: [], context: {}, outputs: {}, ...fields };
}
