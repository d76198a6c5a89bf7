import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  evaluateTemplates,
  ExpressionError,
  findExpressionSyntaxErrors,
  parseExpression,
  type ExpressionContext,
} from '../../workflows/expressions';
import { executionDocument } from '../helpers/documents';

const execution = executionDocument({
  buildTime: 0,
  trigger: { type: 'manual', user: 'alice', parameters: { env: 'prod', replicas: '3', nothing: null } },
  stages: [
    {
      id: 's1',
      refId: '1',
      name: 'Bake',
      type: 'bake',
      status: 'SUCCEEDED',
      requisiteStageRefIds: [],
      context: {},
      outputs: { image: { name: 'web', tag: 'v7' } },
    },
  ],
});
const ctx: ExpressionContext = { execution };

describe('evaluateTemplates', () => {
  it('a string that is exactly one expression keeps the result type', () => {
    const { value, errors } = evaluateTemplates(
      {
        replicas: '${#toInt(parameters.replicas)}',
        enabled: '${parameters.env == "prod"}',
        image: "${#stage('Bake').outputs.image}",
        list: '${ {1, 2} }',
        nothing: '${parameters.nothing}',
        spaced: '${ parameters.env }',
      },
      ctx,
    );
    assert.deepEqual(errors, []);
    assert.deepEqual(value, {
      replicas: 3,
      enabled: true,
      image: { name: 'web', tag: 'v7' },
      list: [1, 2],
      nothing: null,
      spaced: 'prod',
    });
  });

  it('a string mixing text and expressions becomes a string', () => {
    const { value, errors } = evaluateTemplates(
      {
        name: 'web-${parameters.env}',
        two: '${parameters.env}-${parameters.replicas}',
        typed: 'n=${#toInt(parameters.replicas) + 1}, ok=${true}',
        object: "image: ${#stage('Bake').outputs.image}",
        list: 'list: ${ {1, 2} }',
        nothing: '[${parameters.nothing}]',
        padded: ' ${parameters.env} ',
        braces: "${'}' + '{'}!",
        quoted: '${"a}b"}',
      },
      ctx,
    );
    assert.deepEqual(errors, []);
    assert.deepEqual(value, {
      name: 'web-prod',
      two: 'prod-3',
      typed: 'n=4, ok=true',
      object: 'image: {"name":"web","tag":"v7"}',
      list: 'list: [1,2]',
      nothing: '[]',
      padded: ' prod ',
      braces: '}{!',
      quoted: 'a}b',
    });
  });

  it('walks nested objects and arrays and keeps other values', () => {
    const input = {
      manifests: [
        { kind: 'Deployment', metadata: { name: 'web-${parameters.env}', labels: { tier: '${parameters.env}' } } },
        { kind: 'Service', spec: { ports: [{ port: 80 }] } },
      ],
      count: 2,
      on: true,
      none: null,
      text: 'no expressions',
      dollar: '$5 and {braces}',
    };
    const { value, errors } = evaluateTemplates(input, ctx);
    assert.deepEqual(errors, []);
    assert.deepEqual(value, {
      ...input,
      manifests: [
        { kind: 'Deployment', metadata: { name: 'web-prod', labels: { tier: 'prod' } } },
        { kind: 'Service', spec: { ports: [{ port: 80 }] } },
      ],
    });
    assert.equal(input.manifests[0].metadata?.name, 'web-${parameters.env}', 'the input is not modified');
  });

  it('a failing expression keeps its raw text and reports its path', () => {
    const { value, errors } = evaluateTemplates(
      {
        manifests: [{ metadata: { name: 'web-${parameters.foo.bar}-${parameters.env}' } }],
        whole: '${#stage("Nope").outputs}',
        'odd key': { list: ['${nope}'] },
      },
      ctx,
    );
    assert.deepEqual(value, {
      manifests: [{ metadata: { name: 'web-${parameters.foo.bar}-prod' } }],
      whole: '${#stage("Nope").outputs}',
      'odd key': { list: ['${nope}'] },
    });
    assert.deepEqual(
      errors.map(({ path, expression }) => ({ path, expression })),
      [
        { path: 'manifests[0].metadata.name', expression: '${parameters.foo.bar}' },
        { path: 'whole', expression: '${#stage("Nope").outputs}' },
        { path: '["odd key"].list[0]', expression: '${nope}' },
      ],
    );
    assert.equal(
      errors[0].message,
      "Failed to evaluate expression 'parameters.foo.bar': 'foo' is not defined on parameters",
    );
    assert.match(errors[1].message, /stage 'Nope' not found/);
  });

  it('syntax errors and unterminated expressions keep the raw text', () => {
    const { value, errors } = evaluateTemplates({ a: '${1 +}', b: 'x ${parameters.env' }, ctx);
    assert.deepEqual(value, { a: '${1 +}', b: 'x ${parameters.env' });
    assert.equal(errors.length, 2);
    assert.match(errors[0].message, /Invalid expression '1 \+': unexpected end of expression at position 3/);
    assert.deepEqual([errors[1].path, errors[1].message], ['b', "Invalid expression: '${' at position 2 has no closing '}'"]);
  });

  it('prefixes paths with the base path, and a bare string has it as its path', () => {
    assert.equal(evaluateTemplates({ x: '${nope}' }, ctx, 'stages[2].context').errors[0].path, 'stages[2].context.x');
    const bare = evaluateTemplates('${nope}', ctx);
    assert.deepEqual([bare.value, bare.errors[0].path], ['${nope}', '']);
    assert.deepEqual(evaluateTemplates('${parameters.env}', ctx), { value: 'prod', errors: [] });
  });

  it('keeps "__proto__" keys of the input as ordinary keys', () => {
    const input = JSON.parse('{"__proto__": {"x": "${parameters.env}"}}') as Record<string, unknown>;
    const { value } = evaluateTemplates(input, ctx);
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(value, '__proto__')?.value, { x: 'prod' });
  });

  it('reports values nested too deeply instead of overflowing', () => {
    let deep: unknown = '${parameters.env}';
    for (let i = 0; i < 10_000; i += 1) deep = [deep];
    const { errors } = evaluateTemplates({ deep }, ctx);
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /nested more than 200 levels deep/);
  });
});

describe('parseExpression', () => {
  it('builds a tree with positions', () => {
    assert.deepEqual(parseExpression("a.b ?: 'c'"), {
      kind: 'elvis',
      start: 0,
      end: 10,
      value: {
        kind: 'property',
        safe: false,
        name: 'b',
        start: 0,
        end: 3,
        target: { kind: 'name', name: 'a', start: 0, end: 1 },
      },
      fallback: { kind: 'literal', value: 'c', start: 7, end: 10 },
    });
  });

  const syntaxErrors: [string, string, number][] = [
    ['', 'empty expression', 0],
    ['   ', 'empty expression', 0],
    ['1 +', 'unexpected end of expression', 3],
    ['(1 + 2', "expected ')' but found end of expression", 6],
    ["'open", 'unterminated string literal', 0],
    ['a.', 'expected a property or method name but found end of expression', 2],
    ['a b', "unexpected 'b'", 2],
    ['1 == 2 == 3', "unexpected '=='", 7],
    ['a = 1', 'assignment is not supported', 2],
    ['x instanceof y', "the 'instanceof' operator is not supported", 2],
    ['1 ? 2', "expected ':' but found end of expression", 5],
    ['12abc', "invalid number '12a'", 0],
    ['a ~ b', "unexpected character '~'", 2],
    ['foo(1)', "unknown function 'foo'", 0],
    ["T(java.lang.Runtime)", 'type references T(...) are not supported', 0],
    ["new java.io.File('x')", "constructor calls ('new') are not supported", 0],
    ['@bean', 'bean references (@name) are not supported', 0],
    ['# stage()', "expected a name right after '#'", 2],
    ['{1, 2', "expected '}' but found end of expression", 5],
    ['{a: 1, 2}', "expected ':' but found '}'", 8],
    ['{a: 1, (2)}', 'expected a map key', 7],
    ['f(1,)', "unknown function 'f'", 0],
    ["#stage('a',)", 'unexpected', 11],
    [')', "unexpected ')'", 0],
  ];
  for (const [source, reason, position] of syntaxErrors) {
    it(`rejects ${JSON.stringify(source)} at ${position}`, () => {
      let caught: unknown;
      try {
        parseExpression(source);
      } catch (error) {
        caught = error;
      }
      assert.ok(caught instanceof ExpressionError, 'expected an ExpressionError');
      assert.equal(caught.kind, 'syntax');
      assert.equal(caught.position, position);
      assert.ok(caught.reason.includes(reason), `"${caught.reason}" lacks "${reason}"`);
      assert.ok(caught.message.startsWith(`Invalid expression '${source.trim()}': `), caught.message);
      assert.ok(caught.message.endsWith(` at position ${position}`), caught.message);
    });
  }
});

describe('findExpressionSyntaxErrors', () => {
  it('lists every malformed expression with its path, and nothing for valid ones', () => {
    const problems = findExpressionSyntaxErrors(
      {
        ok: '${parameters.env} and ${#stage("x").outputs.y}',
        unknownAtRuntimeOnly: '${nope.nothing}',
        stages: [{ name: 'x-${1 +}-${(}' }, { text: 'open ${a' }],
        evil: "${''.constructor}",
        number: 5,
      },
      'pipeline',
    );
    assert.deepEqual(
      problems.map((problem) => problem.path),
      ['pipeline.stages[0].name', 'pipeline.stages[0].name', 'pipeline.stages[1].text', 'pipeline.evil'],
    );
    assert.match(problems[0].message, /^Invalid expression '1 \+': unexpected end of expression at position 3$/);
    assert.match(problems[2].message, /'\$\{' at position 5 has no closing '\}'/);
    assert.match(problems[3].message, /access to 'constructor' is not allowed/);
  });

  it('accepts values without expressions', () => {
    assert.deepEqual(findExpressionSyntaxErrors({ a: ['x', 1, null, { b: '$notAnExpression' }] }, ''), []);
  });
});
