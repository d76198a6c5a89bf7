import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  evaluateExpression,
  evaluateTemplates,
  ExpressionError,
  parseExpression,
  type ExpressionContext,
} from '../../workflows/expressions';
import { executionDocument } from '../helpers/documents';

const execution = executionDocument({
  buildTime: 0,
  trigger: { type: 'manual', user: 'alice', parameters: { env: 'prod', long: 'a'.repeat(20_000) } },
  stages: [
    {
      id: 's1',
      refId: '1',
      name: 'x',
      type: 'wait',
      status: 'SUCCEEDED',
      requisiteStageRefIds: [],
      context: {},
      outputs: { items: Array.from({ length: 200_000 }, (_, i) => i) },
    },
  ],
  variables: { constructor: 'shadow', toString: 'own value' },
});
const ctx: ExpressionContext = { execution };

function rejection(source: string): ExpressionError {
  try {
    evaluateExpression(source, ctx);
  } catch (error) {
    assert.ok(error instanceof ExpressionError, `expected an ExpressionError, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected ${source} to be rejected`);
}

describe('expressions cannot reach JavaScript internals', () => {
  const forbidden: [string, RegExp][] = [
    ["''.constructor", /access to 'constructor' is not allowed/],
    ["''['constructor']", /access to 'constructor' is not allowed/],
    ["parameters['__proto__']", /access to '__proto__' is not allowed/],
    ['parameters.__proto__', /access to '__proto__' is not allowed/],
    ["parameters['prototype']", /access to 'prototype' is not allowed/],
    ["#stage('x').constructor.constructor('return process')()", /access to 'constructor' is not allowed/],
    ["#stage('x')['const' + 'ructor']", /access to 'constructor' is not allowed/],
    ["parameters[#fromBase64('X19wcm90b19f')]", /access to '__proto__' is not allowed/],
    ["{1}[#alphanumerical('con-structor')]", /list index must be an integer/],
    ["config.get('__proto__')", /access to '__proto__' is not allowed|'config' is not defined/],
    ["#root.get('constructor')", /access to 'constructor' is not allowed/],
    ['constructor', /access to 'constructor' is not allowed/],
    ['#constructor()', /access to 'constructor' is not allowed/],
    ["{constructor: 1}", /access to 'constructor' is not allowed/],
    ["'x'.__proto__", /access to '__proto__' is not allowed/],
    ['parameters.hasOwnProperty', /'hasOwnProperty' is not defined on parameters/],
    ['parameters.toString', /'toString' is not defined on parameters/],
    ["parameters.hasOwnProperty('env')", /method 'hasOwnProperty' is not allowed/],
    ["parameters.__defineGetter__('x', 1)", /method '__defineGetter__' is not allowed/],
    ["''.valueOf()", /method 'valueOf' is not allowed/],
    ["'x'.big()", /method 'big' is not allowed/],
    ["'a'.concat('b')", /method 'concat' is not allowed/],
    ['{}.map(1)', /method 'map' is not allowed/],
    ['{1}.length', /cannot read 'length' of a list/],
    ["#stage('x').context.toString.call(1)", /'toString' is not defined on #stage\('x'\).context/],
    ['#this.process', /'process' is not defined on #this/],
    ['globalThis', /'globalThis' is not defined/],
    ['process.env', /'process' is not defined/],
    ['require', /'require' is not defined/],
    ["T(java.lang.Runtime).getRuntime().exec('id')", /type references T\(\.\.\.\) are not supported/],
    ["new java.lang.ProcessBuilder('id')", /constructor calls/],
    ['@systemProperties', /bean references/],
    ["#toJson.call(1)", /unknown variable '#toJson'/],
    ["eval('1')", /unknown function 'eval'/],
    ['#eval()', /unknown function '#eval'/],
    ["parameters.env = 'x'", /assignment is not supported/],
  ];
  for (const [source, expected] of forbidden) {
    it(`rejects ${source}`, () => {
      assert.match(rejection(source).message, expected);
    });
  }

  it('reads own variables even when named like Object.prototype members', () => {
    assert.equal(evaluateExpression('toString', ctx), 'own value');
    assert.equal(evaluateExpression("#root['toString']", ctx), 'own value');
  });

  it('does not pollute prototypes', () => {
    evaluateTemplates({ a: "${#readJson('{\"__proto__\": {\"polluted\": true}}')}" }, ctx);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('does not let a method reach the target object methods', () => {
    const withOwnMethod = { ...execution, variables: { obj: { toUpperCase: 'not a function' } } };
    assert.throws(() => evaluateExpression('obj.toUpperCase()', { execution: withOwnMethod }), /cannot be called on an object/);
  });
});

describe('pathological input fails cleanly', () => {
  it('rejects expressions longer than 10,000 characters', () => {
    const huge = `'${'a'.repeat(10_001)}'`;
    assert.throws(() => parseExpression(huge), /longer than 10000 characters/);
    const { value, errors } = evaluateTemplates({ a: `\${${huge}}` }, ctx);
    assert.equal(value.a, `\${${huge}}`);
    assert.match(errors[0].message, /longer than 10000 characters/);
    assert.ok(errors[0].message.length < 500, 'the message quotes only the start of the expression');
  });

  it('rejects deep parenthesis nesting', () => {
    assert.throws(() => parseExpression(`${'('.repeat(3000)}1${')'.repeat(3000)}`), /nested more than 128 levels deep/);
  });

  it('rejects deep unary nesting', () => {
    assert.throws(() => parseExpression(`${'!'.repeat(3000)}true`), /nested more than 128 levels deep/);
  });

  it('rejects long operator chains that would nest deeply', () => {
    assert.throws(() => parseExpression(Array(3000).fill('1').join('+')), /nested more than 128 levels deep/);
  });

  it('rejects deep inline lists and calls', () => {
    assert.throws(() => parseExpression(`${'{'.repeat(2000)}${'}'.repeat(2000)}`), /nested more than 128 levels deep/);
    assert.throws(() => parseExpression(`${'#toInt('.repeat(1000)}1${')'.repeat(1000)}`), /nested more than 128 levels deep/);
  });

  it('stops after too many evaluation steps', () => {
    assert.match(rejection("#stage('x').outputs.items.?[#this < 0]").message, /exceeded its work budget \(50000 evaluation steps\)/);
  });

  it('limits the length of built strings', () => {
    const doubling = Array.from({ length: 6 }, () => 'parameters.long').join(' + ');
    const repeated = `{${Array(60).fill('1').join(',')}}.![parameters.long + parameters.long].toString()`;
    assert.doesNotThrow(() => evaluateExpression(doubling, ctx));
    assert.match(rejection(`'ab'.replace('', parameters.long).replace('', parameters.long)`).message, /longer than 1000000 characters/);
    assert.match(rejection(`parameters.long.substring(0, 9000).replaceAll('a', parameters.long)`).message, /longer than 1000000/);
    assert.match(rejection(`${repeated} + ${repeated}`).message, /exceeded its size budget/);
    const manyLargeStrings = `parameters.long.substring(0, 1000).split('').![${doubling}]`;
    assert.match(rejection(manyLargeStrings).message, /exceeded its size budget/);
  });

  it('runs regular expressions prone to catastrophic backtracking in linear time (RE2)', () => {
    for (const pattern of ['(a+)+$', '(a*)*b', '(x+x+)+y', '((ab)*)+', '(a|aa){2,}', '(?:ab|a)*c', '(\\w+\\s?)*$']) {
      // A backtracking engine would take minutes on these 41 characters.
      assert.equal(evaluateExpression(`'${'a'.repeat(40)}!' matches '${pattern}'`, ctx), false, pattern);
    }
    assert.match(rejection("'aa' matches '(a)\\1'").message, /backreferences are not supported/);
    assert.equal(evaluateExpression("'aaa' matches '(a)+'", ctx), true);
    assert.equal(evaluateExpression("'a-b' matches '[a-z]+(-[a-z]+)?'", ctx), true);
    assert.equal(evaluateExpression("'release-1.2' matches 'release-\\d+\\.\\d+'", ctx), true);
    assert.equal(evaluateExpression("'release-1.2' matches 'release-\\d+(\\.\\d+)*'", ctx), true);
    assert.match(rejection("parameters.long.matches('a+')").message, /longer than 10000 characters for a regular expression/);
  });

  it('turns non-plain objects into errors, not property reads', () => {
    class Secret {
      token = 'x';
    }
    const odd = { ...execution, variables: { secret: new Secret(), date: new Date(0) } };
    assert.throws(() => evaluateExpression('secret.token', { execution: odd }), /cannot read 'token' of an unsupported value/);
    assert.throws(() => evaluateExpression("secret['token']", { execution: odd }), /cannot index into an unsupported value/);
    assert.throws(() => evaluateExpression('date.getTime()', { execution: odd }), /method 'getTime' is not allowed/);
    assert.throws(() => evaluateExpression('secret.toString()', { execution: odd }), /method 'toString' cannot be called on an unsupported value/);
  });

  it('evaluateTemplates never throws', () => {
    const inputs: unknown[] = [
      '${',
      '${}',
      '${${}}',
      '}${{',
      "${'}",
      '${#stage(}',
      '$${parameters.env}}',
      { a: ['${(((}'] },
      `\${${'['.repeat(5000)}}`,
    ];
    for (const input of inputs) {
      assert.doesNotThrow(() => evaluateTemplates(input, ctx), JSON.stringify(input));
    }
  });
});
