import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { evaluateExpression, ExpressionError, type ExpressionContext } from '../../workflows/expressions';
import { executionDocument, stageDocument } from '../helpers/documents';

const execution = executionDocument({
  buildTime: 1_700_000_000_000,
  trigger: {
    type: 'manual',
    user: 'alice',
    parameters: { env: 'prod', replicas: '3', ratio: '0.25', flag: 'true', empty: '', tags: 'a,b,c' },
  },
  stages: [
    stageDocument({
      refId: '1',
      name: 'Deploy',
      type: 'deployManifest',
      startTime: 10,
      endTime: 20,
      context: { account: 'k8s', manifests: [{ kind: 'Deployment', metadata: { name: 'web' } }] },
      outputs: {
        servers: [
          { name: 'web-v001', healthy: true, cpu: 2 },
          { name: 'web-v002', healthy: false, cpu: 4 },
          { name: 'web-v003', healthy: true, cpu: 8 },
        ],
      },
    }),
    stageDocument({ refId: '2', name: 'Approve', type: 'manualJudgment', context: { judgmentInput: 'rollout' } }),
    stageDocument({ refId: '3', name: 'Not judged', type: 'manualJudgment', status: 'RUNNING' }),
    stageDocument({ refId: '4', name: 'Check', type: 'checkPreconditions', status: 'RUNNING' }),
  ],
  variables: { region: 'eu-west-1', count: 5, config: { retries: 2 } },
});

const ctx: ExpressionContext = { execution, currentStageRefId: '4' };

const evaluate = (source: string): unknown => evaluateExpression(source, ctx);

/** [expression, expected result] */
type Case = [string, unknown];

function table(name: string, cases: Case[]): void {
  describe(name, () => {
    for (const [source, expected] of cases) {
      it(`${source} → ${JSON.stringify(expected)}`, () => assert.deepEqual(evaluate(source), expected));
    }
  });
}

/** Asserts that evaluation fails with a message containing every given fragment. */
function assertFails(source: string, ...fragments: string[]): ExpressionError {
  let caught: unknown;
  try {
    evaluate(source);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ExpressionError, `expected ${source} to fail`);
  for (const fragment of fragments) assert.ok(caught.message.includes(fragment), `"${caught.message}" lacks "${fragment}"`);
  return caught;
}

table('literals', [
  ["'single'", 'single'],
  ['"double"', 'double'],
  ["'it''s'", "it's"],
  ['"say ""hi"""', 'say "hi"'],
  ["''", ''],
  ['42', 42],
  ['3.5', 3.5],
  ['1e3', 1000],
  ['2.5E-1', 0.25],
  ['true', true],
  ['FALSE', false],
  ['null', null],
  ['{1, 2, 3}', [1, 2, 3]],
  ['{}', []],
  ["{'a', {1, 2}}", ['a', [1, 2]]],
  ["{name: 'x', 'other key': 2}", { name: 'x', 'other key': 2 }],
  ['{:}', {}],
]);

table('roots and property access', [
  ['execution.id', 'exec-1'],
  ['execution.application', 'shop'],
  ['trigger.user', 'alice'],
  ['trigger.parameters.env', 'prod'],
  ['parameters.env', 'prod'],
  ["parameters['env']", 'prod'],
  ['parameters["replicas"]', '3'],
  ["parameters['missing']", null],
  ['parameters?.missing', null],
  ['trigger?.parameters?.env', 'prod'],
  ['execution.stages[0].name', 'Deploy'],
  ['execution.stages[1].context.judgmentInput', 'rollout'],
  ["execution['stages'][0]['context']['manifests'][0].metadata.name", 'web'],
  ["'abc'[1]", 'b'],
  ['region', 'eu-west-1'],
  ['count', 5],
  ['config.retries', 2],
  ['#root.region', 'eu-west-1'],
  ['#root.parameters.env', 'prod'],
  ['#this.execution.id', 'exec-1'],
  ["#stageByRefId('4').startTime", null],
]);

table('operators', [
  ['1 + 2 * 3', 7],
  ['(1 + 2) * 3', 9],
  ['10 - 4 - 3', 3],
  ['7 / 2', 3],
  ['7.0 / 2', 3],
  ['7.5 / 2.5', 3],
  ['1.5 / 2', 0.75],
  ['7 % 3', 1],
  ['-7 % 3', -1],
  ['2 ^ 10', 1024],
  ['7 div 2', 3],
  ['7 MOD 2', 1],
  ['-count', -5],
  ['+count', 5],
  ["'a' + 'b'", 'ab'],
  ["'n=' + 1", 'n=1'],
  ["1 + '1'", '11'],
  ["'v' + null", 'vnull'],
  ["'flag ' + true", 'flag true'],
  ["'list ' + {1,2}", 'list [1,2]'],
  ['1 == 1', true],
  ['1 == 1.0', true],
  ["'1' == 1", false],
  ["parameters.env == 'prod'", true],
  ["parameters.env != 'prod'", false],
  ['null == null', true],
  ['{1,2} == {1,2}', true],
  ["{a: 1} == {a: 1}", true],
  ['2 < 3', true],
  ['3 <= 3', true],
  ['4 > 3', true],
  ['2 >= 3', false],
  ["'abc' < 'abd'", true],
  ['null < 1', true],
  ['false < true', true],
  ['1 eq 1', true],
  ['1 NE 2', true],
  ['1 lt 2', true],
  ['2 le 2', true],
  ['3 gt 2', true],
  ['2 ge 3', false],
  ['true && false', false],
  ['true || false', true],
  ['!true', false],
  ['!!true', true],
  ["true and 'true'", true],
  ["parameters.flag && !false", true],
  ['false or true', true],
  ['not false', true],
  ['false && nope', false],
  ['true || nope', true],
  ['1 < 2 && 2 < 3', true],
  ["1 > 2 ? 'big' : 'small'", 'small'],
  ["parameters.flag ? 'on' : 'off'", 'on'],
  ["true ? 1 : false ? 2 : 3", 1],
  ["parameters.missing ?: 'default'", 'default'],
  ["parameters['missing'] ?: 'default'", 'default'],
  ["trigger.parameters.missing ?: parameters.env", 'prod'],
  ["parameters.empty ?: 'default'", 'default'],
  ["parameters.env ?: 'default'", 'prod'],
  ['0 ?: 9', 0],
  ["'abc' matches '[a-c]+'", true],
  ["'abcd' matches '[a-c]+'", false],
]);

table('methods', [
  ["'Hello'.toUpperCase()", 'HELLO'],
  ["'Hello'.toLowerCase()", 'hello'],
  ["'  x '.trim()", 'x'],
  ["'abc'.length()", 3],
  ["''.isEmpty()", true],
  ["'abc'.contains('b')", true],
  ["'abc'.startsWith('ab')", true],
  ["'abc'.endsWith('bc')", true],
  ["'abcdef'.substring(2)", 'cdef'],
  ["'abcdef'.substring(1, 3)", 'bc'],
  ["'abcabc'.indexOf('c')", 2],
  ["'a.b.c'.replace('.', '-')", 'a-b-c'],
  ["'ab'.replace('', '-')", '-a-b-'],
  ["'a1b22c'.replaceAll('[0-9]+', '_')", 'a_b_c'],
  ["'2024-05'.replaceAll('(\\d+)-(\\d+)', '$2/$1')", '05/2024'],
  ["'a-b'.replaceAll('(?<first>a)', '${first}${first}')", 'aa-b'],
  ["'a.b'.replaceAll('\\.', '\\$')", 'a$b'],
  ["'abc'.replaceAll('', '-')", '-a-b-c-'],
  ['parameters.tags.split(",")', ['a', 'b', 'c']],
  ["'a,b,,'.split(',')", ['a', 'b']],
  ["',a'.split(',')", ['', 'a']],
  ["'a1b2'.split('\\d')", ['a', 'b']],
  ["'abc'.split('')", ['a', 'b', 'c']],
  ["'x'.split(',')", ['x']],
  ["'abc'.equals('abc')", true],
  ["'ABC'.equalsIgnoreCase('abc')", true],
  ["'v1.2.3'.matches('v\\d+\\.\\d+\\.\\d+')", true],
  ["'PROD'.matches('(?i)prod')", true],
  ["'x'.matches('y')", false],
  ['count.toString()', '5'],
  ['true.toString()', 'true'],
  ["'a'.toString()", 'a'],
  ['{1,2}.toString()', '[1,2]'],
  ['{1, 2, 3}.size()', 3],
  ['{}.isEmpty()', true],
  ['{1, 2, 3}.contains(2)', true],
  ["{{1}, {2}}.contains({2})", true],
  ['{5, 6}.indexOf(6)', 1],
  ['{5, 6}.get(1)', 6],
  ['config.size()', 1],
  ["config.containsKey('retries')", true],
  ["config.get('retries')", 2],
  ["config.get('nope')", null],
  ['config.keySet()', ['retries']],
  ['config.values()', [2]],
  ['{1,2}.equals({1,2})', true],
  ['parameters?.missing?.toUpperCase()', null],
  ["parameters.env.toUpperCase().substring(0, 2)", 'PR'],
]);

table('selection and projection', [
  ["#stage('Deploy').outputs.servers.?[healthy].![name]", ['web-v001', 'web-v003']],
  ["#stage('Deploy').outputs.servers.?[cpu > 2].size()", 2],
  ["#stage('Deploy').outputs.servers.^[cpu > 2].name", 'web-v002'],
  ["#stage('Deploy').outputs.servers.$[healthy].name", 'web-v003'],
  ["#stage('Deploy').outputs.servers.^[cpu > 100]", null],
  ['{1, 2, 3}.![#this * 10]', [10, 20, 30]],
  ['{1, 2, 3, 4}.?[#this % 2 == 0]', [2, 4]],
  ["{1, 2}.![#this + parameters.env]", ['1prod', '2prod']],
  ["execution.stages.?[type == 'manualJudgment'].![refId]", ['2', '3']],
]);

describe('helper functions', () => {
  it('#stage returns the stage summary by name', () => {
    assert.deepEqual(evaluate("#stage('Deploy')"), {
      id: 'stage-1',
      refId: '1',
      name: 'Deploy',
      type: 'deployManifest',
      status: 'SUCCEEDED',
      context: execution.stages[0].context,
      outputs: execution.stages[0].outputs,
      startTime: 10,
      endTime: 20,
    });
  });

  table('values', [
    ["#stage('Deploy').status", 'SUCCEEDED'],
    ["#stage('Deploy')['context']['account']", 'k8s'],
    ["#stage('Deploy').context.manifests[0].kind", 'Deployment'],
    ["#stageByRefId('2').name", 'Approve'],
    ['#currentStage().name', 'Check'],
    ["#stageExists('Deploy')", true],
    ["#stageExists('Nope')", false],
    ["#judgment('Approve')", 'rollout'],
    ["#judgement('Approve')", 'rollout'],
    ["#judgment('Approve') == 'rollout' ? 'go' : 'stop'", 'go'],
    ['#toInt(parameters.replicas)', 3],
    ["#toInt('-12')", -12],
    ['#toInt(7)', 7],
    ['#toInt(parameters.replicas) * 2', 6],
    ['#toFloat(parameters.ratio)', 0.25],
    ["#toFloat(' 1.5f ')", 1.5],
    ["#toFloat('1e2')", 100],
    ['#toBoolean(parameters.flag)', true],
    ["#toBoolean('TRUE')", true],
    ["#toBoolean('yes')", false],
    ['#toBoolean(null)', false],
    ['#toJson(config)', '{"retries":2}'],
    ["#toJson({1, 'a'})", '[1,"a"]'],
    ['#toJson(null)', 'null'],
    ['#readJson(\'{"a": [1, {"b": true}]}\').a[1].b', true],
    ["#readJson('3')", 3],
    ["#alphanumerical('my-app_v1.2!')", 'myappv12'],
    ["#toBase64('hello')", 'aGVsbG8='],
    ["#fromBase64('aGVsbG8=')", 'hello'],
    ["#fromBase64('aGVsbG8')", 'hello'],
    ["#fromBase64('')", ''],
  ]);

  it('base64 matches Node for UTF-8 text of every length', () => {
    for (const text of ['', 'a', 'ab', 'abc', 'abcd', 'héllo', '✓ done', '😀 emoji', 'line\nbreak']) {
      const encoded = evaluate(`#toBase64('${text}')`);
      assert.equal(encoded, Buffer.from(text, 'utf8').toString('base64'));
      assert.equal(evaluate(`#fromBase64('${String(encoded)}')`), text);
    }
  });

  it('#readJson drops prototype-altering keys', () => {
    const parsed = evaluate(`#readJson('{"__proto__": {"polluted": 1}, "ok": 1}')`);
    assert.deepEqual(parsed, { ok: 1 });
    assert.equal(Object.getPrototypeOf(parsed), Object.prototype);
  });

  it('#currentStage needs a current stage', () => {
    assert.throws(() => evaluateExpression('#currentStage()', { execution }), /only available while a stage runs/);
  });
});

describe('results are copies', () => {
  it('changing a result does not change the execution', () => {
    const context = evaluate("#stage('Deploy').context") as { account: string };
    context.account = 'changed';
    assert.equal(execution.stages[0].context.account, 'k8s');
  });
});

describe('evaluation errors', () => {
  it('names the missing property and where it was looked up', () => {
    const error = assertFails('parameters.foo.bar', "Failed to evaluate expression 'parameters.foo.bar': 'foo' is not defined on parameters");
    assert.equal(error.kind, 'evaluation');
    assert.equal(error.expression, 'parameters.foo.bar');
    assert.equal(error.position, 0);
  });

  const cases: [string, ...string[]][] = [
    ['nope', "'nope' is not defined", 'execution, trigger, parameters, region'],
    ['parameters.missing.length()', "'missing' is not defined on parameters"],
    ["parameters.missing == null", "'missing' is not defined on parameters"],
    ["parameters.missing.deeper ?: 'x'", "cannot read 'deeper' because parameters.missing is null"],
    ["'x' + (parameters.empty ?: parameters.missing)", "'missing' is not defined on parameters"],
    ["parameters['missing'].toUpperCase()", 'cannot call toUpperCase()', 'is null'],
    ["parameters['missing'].x", "cannot read 'x'", 'is null'],
    ['null[0]', 'cannot index into null'],
    ['{1,2}[5]', 'index 5 is out of bounds'],
    ["{1,2}['a']", 'list index must be an integer'],
    ['{1,2}.size', "cannot read 'size' of a list"],
    ["'abc'.length", "cannot read 'length' of a string"],
    ["#stage('Nope')", "stage 'Nope' not found"],
    ["#stageByRefId('99')", "stage with refId '99' not found"],
    ["#judgment('Not judged')", "manual judgment stage 'Not judged' not found"],
    ["#judgment('Deploy')", "manual judgment stage 'Deploy' not found"],
    ['#nope(1)', "unknown function '#nope'", '#stage'],
    ['#stage()', '#stage() takes 1 argument(s) but got 0'],
    ['#stage(1)', '#stage() needs a string argument but got number 1'],
    ['#toInt(parameters.ratio)', "#toInt() cannot convert string '0.25' to an integer"],
    ["#toInt('')", '#toInt() cannot convert'],
    ["#toFloat('abc')", '#toFloat() cannot convert'],
    ["#readJson('{oops')", '#readJson() argument is not valid JSON'],
    ["#fromBase64('!!!')", 'not valid Base64'],
    ['#nothing', "unknown variable '#nothing'"],
    ["!'yes'", "the operand of '!' must be a boolean but is string 'yes'"],
    ['1 && true', "the left side of 'and' must be a boolean but is number 1"],
    ['true and null', "the right side of 'and' must be a boolean but is null"],
    ["parameters.env ? 1 : 2", "the condition of ?: must be a boolean but is string 'prod'"],
    ['parameters.replicas > 2', "cannot compare string '3' with number 2 using '>'"],
    ["1 - 'a'", "'-' needs numbers but got number and string"],
    ['true + 1', "'+' needs numbers but got boolean and number"],
    ["-'a'", "unary '-' needs a number"],
    ['1 / 0', 'division by zero'],
    ['5 % 0', 'division by zero'],
    ['10 ^ 400', 'not a finite number'],
    ["'abc'.substring(2, 9)", 'substring(2, 9) is out of range for a string of length 3'],
    ["'abc'.substring('1')", 'substring() needs an integer argument'],
    ["'abc'.contains(1)", 'contains() needs a string argument'],
    ["'abc'.toUpperCase(1)", 'toUpperCase() takes 0 argument(s) but got 1'],
    ["'abc'.size()", "method 'size' cannot be called on a string"],
    ["config.toUpperCase()", "method 'toUpperCase' cannot be called on an object"],
    ["'abc'.getClass()", "method 'getClass' is not allowed", 'toUpperCase'],
    ["'abc'.matches('[')", "invalid regular expression '['"],
    ["'abc'.replaceAll('b', '$')", "'$' in a replacement must be followed by a group number"],
    ["'abc'.replaceAll('b', '$1')", 'no group 1 in the regular expression'],
    ['count.![#this]', 'projection (.![...]) needs a list but count is number 5'],
    ['{1,2}.?[#this]', 'a selection condition must be a boolean'],
    ["'a' matches 1", "'matches' needs a string and a regular expression"],
  ];
  for (const [source, ...fragments] of cases) {
    it(`${source} fails`, () => {
      assertFails(source, ...fragments);
    });
  }

  it('reports the position of the failing part', () => {
    assert.equal(assertFails("parameters.env + #stage('Nope').name").position, 17);
  });
});
