import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { jsonValueProblems, MAX_JSON_DEPTH } from '../../api/middleware/json-hygiene';
import { allowedMethods, type RouteEntry } from '../../api/middleware/route-table';
import { identifierProblem, MAX_IDENTIFIER_BYTES, textProblem } from '../../api/middleware/text-checks';
import { requestTargetProblems } from '../../api/middleware/url-hygiene';
import { quote } from '../../api/temporal/visibility';

const nested = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
};

describe('JSON body checks', () => {
  test(`nesting: ${MAX_JSON_DEPTH} levels pass, one more is refused at its path`, () => {
    assert.deepEqual(jsonValueProblems(nested(MAX_JSON_DEPTH)).problems, []);
    const { problems } = jsonValueProblems(nested(MAX_JSON_DEPTH + 1));
    assert.equal(problems.length, 1);
    assert.equal(problems[0].path, Array(MAX_JSON_DEPTH).fill('a').join('.'));
  });

  test('a 200,000-deep value is walked without recursion', () => {
    const { problems, total } = jsonValueProblems(nested(200_000));
    assert.equal(total, 1);
    assert.match(problems[0].message, /deeper than/);
  });

  test('NUL, lone surrogates and non-finite numbers, in values and keys, each with its path', () => {
    const { problems } = jsonValueProblems({ a: ['ok', 'x\u0000'], 'k\ud800': 1, b: { c: Infinity }, emoji: '😀', pair: '\ud83d\ude00' });
    assert.deepEqual(
      problems.map((p) => p.path),
      ['a[1]', '["k\\ud800"]', 'b.c'],
    );
  });

  test('reports at most 50 problems and counts the rest', () => {
    const { problems, total } = jsonValueProblems(Array(500).fill('\u0000'));
    assert.equal(problems.length, 50);
    assert.equal(total, 500);
  });
});

describe('request target checks', () => {
  const routes: RouteEntry[] = [
    { segments: ['applications', ':application'], methods: new Set(['GET']) },
    { segments: ['pipelines', ':id'], methods: new Set(['GET']) },
    { segments: ['pipelines', ':id'], methods: new Set(['PUT']) },
  ];

  test('each problem is named after the route parameter or query parameter', () => {
    assert.deepEqual(requestTargetProblems('/applications/%ZZ?limit=%00&x=%C0', routes).map((p) => p.path), [
      'path.application',
      'query.limit',
      'query.x',
    ]);
    assert.deepEqual(requestTargetProblems('/unknown/%00', routes).map((p) => p.path), ['path[1]']);
  });

  test('identifiers: no control characters, at most 1,000 bytes; free text: only NUL is refused', () => {
    assert.equal(identifierProblem('€'.repeat(333)), undefined);
    assert.match(identifierProblem('€'.repeat(334)) ?? '', new RegExp(`${MAX_IDENTIFIER_BYTES} bytes`));
    assert.match(identifierProblem('a\tb') ?? '', /control/);
    assert.equal(textProblem('line\nbreak'), undefined);
    assert.deepEqual(requestTargetProblems('/pipelines/x/cancel?reason=two%0Alines', routes), []);
    assert.equal(requestTargetProblems('/executions?pipelineConfigIds=a%0Ab', routes)[0].path, 'query.pipelineConfigIds');
  });

  test('allowed methods merge every route serving the path', () => {
    assert.deepEqual(allowedMethods(routes, ['pipelines', 'x']), ['GET', 'HEAD', 'OPTIONS', 'PUT']);
    assert.deepEqual(allowedMethods(routes, ['pipelines']), []);
  });
});

describe('visibility query literals', () => {
  test('a quote or backslash stays inside the literal', () => {
    assert.equal(quote("a' OR 'x'='x"), "'a\\' OR \\'x\\'=\\'x'");
    assert.equal(quote('a\\'), "'a\\\\'");
  });

  test('control characters are refused, not escaped', () => {
    assert.throws(() => quote('a\u0000'), /control characters/);
  });
});
