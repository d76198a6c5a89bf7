/** Pipeline configs for API tests. */

/** A valid config with a manual judgment between two waits, and one required parameter. */
export function judgmentPipeline(application: string, name: string, overrides: Record<string, unknown> = {}) {
  return {
    application,
    name,
    parameterConfig: [
      { name: 'env', label: 'Environment', required: true, hasOptions: true, options: [{ value: 'staging' }, { value: 'prod' }] },
      { name: 'note', default: 'none' },
    ],
    stages: [
      { refId: '1', type: 'wait', name: 'Bake', waitTime: 1 },
      {
        refId: '2',
        type: 'manualJudgment',
        name: 'Approve',
        requisiteStageRefIds: ['1'],
        judgmentInputs: [{ value: 'ship' }, { value: 'hold' }],
      },
      { refId: '3', type: 'wait', name: 'Soak', waitTime: 600, requisiteStageRefIds: ['2'] },
    ],
    triggers: [],
    limitConcurrent: false,
    keepWaitingPipelines: false,
    spinnakerOnlyField: { kept: true },
    ...overrides,
  };
}
