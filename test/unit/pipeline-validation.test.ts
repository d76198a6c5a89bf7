import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validatePipelineConfig } from '../../workflows/validation/pipeline';
import { resolveParameters } from '../../workflows/validation/parameters';

const valid = () => ({
  application: 'app',
  name: 'deploy',
  parameterConfig: [{ name: 'env', required: true, hasOptions: true, options: [{ value: 'prod' }, { value: 'qa' }] }],
  stages: [
    { refId: '1', type: 'wait', name: 'Wait', waitTime: 5 },
    { refId: '2', type: 'manualJudgment', name: 'Approve', requisiteStageRefIds: ['1'], judgmentInputs: [{ value: 'ok' }] },
    { refId: '3', type: 'checkPreconditions', name: 'Check', requisiteStageRefIds: ['2'], preconditions: [{ type: 'expression', context: { expression: "${parameters.env == 'prod'}" } }] },
  ],
  keepUnknownField: { anything: true },
});

/** The problems as "path: message" lines, for readable assertions. */
const problems = (config: unknown) => validatePipelineConfig(config).map((p) => `${p.path}: ${p.message}`);

describe('validatePipelineConfig', () => {
  it('accepts a valid pipeline (unknown fields allowed)', () => {
    assert.deepEqual(problems(valid()), []);
  });

  it('rejects a non-object body', () => {
    assert.deepEqual(problems([]), [': a pipeline config must be a JSON object']);
  });

  it('reports every problem at once, each with its JSON path', () => {
    const config = valid();
    config.name = '';
    (config.stages[0] as Record<string, unknown>).type = 'deployToMars';
    (config.stages[1] as Record<string, unknown>).refId = '3';
    (config.stages[2] as Record<string, unknown>).requisiteStageRefIds = ['9'];
    const found = problems(config);
    assert.ok(found.includes('name: name is required (a non-empty string)'), found.join('\n'));
    assert.ok(found.some((p) => p.startsWith("stages[0].type: unknown stage type 'deployToMars' (known: wait, manualJudgment")), found.join('\n'));
    assert.ok(found.includes("stages[2].refId: duplicate refId '3'"), found.join('\n'));
    assert.ok(found.includes("stages[2].requisiteStageRefIds[0]: requisite stage '9' does not exist"), found.join('\n'));
  });

  it('detects cycles, including self-references', () => {
    const config = valid();
    (config.stages[0] as Record<string, unknown>).requisiteStageRefIds = ['3'];
    assert.ok(problems(config).includes('stages[0].requisiteStageRefIds: dependency cycle: 1 → 3 → 2 → 1'), problems(config).join('\n'));
    const self = valid();
    (self.stages[0] as Record<string, unknown>).requisiteStageRefIds = ['1'];
    assert.ok(problems(self).includes('stages[0].requisiteStageRefIds[0]: a stage cannot require itself'));
  });

  it('checks each stage type’s required fields and durations', () => {
    const found = problems({
      application: 'a',
      name: 'n',
      stages: [
        { refId: '1', type: 'wait', name: 'w' },
        { refId: '2', type: 'wait', name: 'w2', waitTime: -3, stageTimeoutMs: 'soon' },
        { refId: '3', type: 'webhook', name: 'h', waitForCompletion: true },
        { refId: '4', type: 'evaluateVariables', name: 'v', variables: [{ key: '', value: 1 }] },
      ],
    });
    assert.ok(found.some((p) => p.startsWith('stages[0].waitTime: waitTime must be')), found.join('\n'));
    assert.ok(found.some((p) => p.startsWith('stages[1].waitTime: waitTime must be')), found.join('\n'));
    assert.ok(found.includes('stages[1].stageTimeoutMs: stageTimeoutMs must be a positive whole number of milliseconds'), found.join('\n'));
    assert.ok(found.includes('stages[2].url: url is required'), found.join('\n'));
    assert.ok(found.includes('stages[3].variables[0].key: key must not be empty'), found.join('\n'));
  });

  it('checks fields that depend on each other (webhook waitForCompletion needs statusJsonPath)', () => {
    const found = problems({ application: 'a', name: 'n', stages: [{ refId: '1', type: 'webhook', name: 'h', url: 'http://x', waitForCompletion: true }] });
    assert.deepEqual(found, ['stages[0].statusJsonPath: statusJsonPath is required with waitForCompletion']);
  });

  it('reports malformed expressions with the field that holds them', () => {
    const config = valid();
    (config.stages[0] as Record<string, unknown>).waitTime = '${parameters.wait +}';
    (config.stages[1] as Record<string, unknown>).stageEnabled = { type: 'expression', expression: "parameters.x == 'a" };
    const found = validatePipelineConfig(config);
    assert.ok(found.some((p) => p.path === 'stages[0].waitTime'), JSON.stringify(found));
    assert.ok(found.some((p) => p.path === 'stages[1].stageEnabled.expression'), JSON.stringify(found));
  });

  it('rejects wrongly typed failure options and stageEnabled', () => {
    const config = valid();
    Object.assign(config.stages[0], { failPipeline: 'yes', stageEnabled: { expression: 'true' } });
    const found = problems(config);
    assert.ok(found.includes('stages[0].failPipeline: failPipeline must be true or false'));
    assert.ok(found.includes("stages[0].stageEnabled: stageEnabled must be {type: 'expression', expression: '…'}"));
  });
});

describe('resolveParameters', () => {
  const config = { parameterConfig: [{ name: 'env', required: true, hasOptions: true, options: [{ value: 'prod' }, { value: 'qa' }] }, { name: 'tag', default: 'latest' }] };

  it('applies defaults and keeps given values', () => {
    assert.deepEqual(resolveParameters(config, { env: 'qa' }), { parameters: { env: 'qa', tag: 'latest' }, problems: [] });
  });

  it('reports a missing required parameter and a value outside the options', () => {
    assert.deepEqual(resolveParameters(config, {}).problems, [{ path: 'parameters.env', message: "required parameter 'env' is missing" }]);
    assert.deepEqual(resolveParameters(config, { env: 'dev' }).problems, [{ path: 'parameters.env', message: "'dev' is not one of the options: prod, qa" }]);
  });
});
