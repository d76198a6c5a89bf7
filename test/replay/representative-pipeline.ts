import type { PipelineConfig } from '../../workflows/model/pipeline';

/**
 * A pipeline that exercises the engine's main paths (variables, expressions, parallel branches,
 * a skipped stage, a judgment, a join) without external services, for recorded histories.
 */
export function representativePipeline(): PipelineConfig {
  return {
    id: 'replay-config',
    application: 'replay',
    name: 'representative',
    parameterConfig: [{ name: 'env', default: 'qa' }],
    stages: [
      { refId: 'vars', type: 'evaluateVariables', name: 'Vars', variables: [{ key: 'target', value: '${parameters.env}-cluster' }] },
      { refId: 'a', type: 'wait', name: 'Branch A', waitTime: 1, requisiteStageRefIds: ['vars'] },
      { refId: 'b', type: 'noop', name: 'Branch B', requisiteStageRefIds: ['vars'] },
      { refId: 'skip', type: 'wait', name: 'Skipped', waitTime: 1, requisiteStageRefIds: ['vars'], stageEnabled: { type: 'expression', expression: "parameters.env == 'qa'" } },
      { refId: 'approve', type: 'manualJudgment', name: 'Approve', requisiteStageRefIds: ['a', 'b', 'skip'], judgmentInputs: [{ value: 'go' }] },
      { refId: 'check', type: 'checkPreconditions', name: 'Check', requisiteStageRefIds: ['approve'], preconditions: [{ type: 'expression', context: { expression: "${target == 'prod-cluster' && #judgment('Approve') == 'go'}" } }] },
    ],
  };
}

/** A short canary on the synthetic provider (two intervals), for the canary's recorded history. */
export function representativeCanaryPipeline(): PipelineConfig {
  return {
    id: 'replay-canary-config',
    application: 'replay',
    name: 'canary',
    stages: [
      {
        refId: 'canary',
        type: 'kayentaCanary',
        name: 'Canary',
        canaryConfig: {
          inlineConfig: {
            name: 'latency',
            metrics: [{ name: 'latency', query: { type: 'synthetic', mean: 100, sd: 10, seed: 'replay' }, groups: ['performance'], analysisConfigurations: { canary: { direction: 'increase' } } }],
            classifier: { groupWeights: { performance: 100 } },
          },
          scopes: [{ scopeName: 'default', controlScope: 'baseline', experimentScope: 'canary', step: 0.1 }],
          scoreThresholds: { pass: 75, marginal: 50 },
          lifetimeDuration: 'PT4S',
          canaryAnalysisIntervalMins: 2 / 60,
        },
      },
    ],
  };
}
