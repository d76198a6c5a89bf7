import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RE2JS } from 're2js';

import { evaluateExpression, evaluateTemplates, ExpressionBudget, ExpressionError, type ExpressionContext } from '../../workflows/expressions';
import { estimateProgramSize } from '../../workflows/expressions/regex';
import { executionDocument } from '../helpers/documents';

const a10k = 'a'.repeat(10_000);
const big = 'x'.repeat(1_000_000);
const execution = executionDocument({
  trigger: { type: 'manual', user: 'alice', parameters: { a10k } },
  variables: {
    a10k,
    big,
    list: Array.from({ length: 1000 }, (_, i) => i),
    words: Array.from({ length: 1000 }, (_, i) => `word-${i}`),
    wide: Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i])),
    nested: JSON.parse(`${'['.repeat(5000)}1${']'.repeat(5000)}`) as unknown,
  },
});
const ctx: ExpressionContext = { execution };

function failure(source: string, context: ExpressionContext = ctx): ExpressionError {
  try {
    evaluateExpression(source, context);
  } catch (error) {
    assert.ok(error instanceof ExpressionError, `expected an ExpressionError, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected ${source.slice(0, 80)} to fail`);
}

const doubling = `{1}${'.![{#this,#this}]'.repeat(24)}`;
const chars = `'${'q'.repeat(9000)}'`;

/** [expression, the budget (or refusal) that stops it] */
const HOSTILE: [string, RegExp][] = [
  // Polynomial regular expressions on a 10,000-character input (issue 7).
  ["a10k matches 'a*a*b'", /regular-expression budget/],
  ["a10k matches '.*.*.*.*x'", /regular-expression budget/],
  ["a10k matches '\\w*\\w*\\w*!'", /regular-expression budget/],
  ["a10k matches '(a+)?(a+)?(a+)?b'", /regular-expression budget/],
  ["a10k matches 'a{0,10000}a{0,10000}b'", /is too large/],
  ["a10k.matches('a{0,1000}a{0,1000}b')", /is too large/],
  ["a10k.split('a*a*b')", /regular-expression budget/],
  ["a10k.split('(?:a*b|a)')", /regular-expression budget/],
  ["a10k.replaceAll('.*.*.*.*x', 'y')", /regular-expression budget/],
  ["a10k.replaceAll('(?:a*b|a)', 'y')", /regular-expression budget/],
  ["a10k.substring(0, 5000).replaceAll('a', 'bb').split('(b|bb)*c')", /regular-expression budget/],
  ["words.?[#this matches '(.*a){20}'].size() + a10k.matches('(.*a){20}')", /regular-expression budget/],
  ["words.![#this + a10k.substring(0, 200)].?[#this matches '(?:\\w|-)*x'].size()", /regular-expression budget/],
  ["words.![#this.matches('w' + #this + '(x|y|z)*')].size()", /regular-expression budget/],
  [`'a' matches '${'(?:a|b|c|d){0,200}'.repeat(3)}'`, /is too large/],
  [`'a' matches '${'a{1000}'.repeat(20)}'`, /is too large/],
  [`'a' matches '(?:${'ab|'.repeat(300)}c){3}'`, /is too large/],
  // Result amplification.
  [doubling, /scan budget|size budget/],
  [`${chars}.split('').![#root]`, /scan budget|size budget/],
  [`${chars}.split('').![#toJson(#root)]`, /size budget/],
  [`${chars}.split('').![{#root, #this}]`, /scan budget|size budget/],
  [`${chars}.split('').![#root.toString()].size()`, /size budget/],
  [`${chars}.split('').![#root + ''].size()`, /size budget/],
  ['list.![words]', /size budget|scan budget/],
  ['list.![wide]', /scan budget|size budget/],
  ['list.![words == words.![#this]]', /budget/],
  ['#toJson(#root)', /size budget/],
  ['list.![#toJson(wide)]', /size budget/],
  ["list.![#readJson(#toJson(words))].size()", /size budget|scan budget/],
  [`{${Array(200).fill('#root').join(',')}}`, /size budget|scan budget/],
  // String work charged by length.
  ['list.![big.equalsIgnoreCase(big)]', /scan budget/],
  ['list.![big.toUpperCase().length()]', /size budget/],
  ["list.![big.contains('y')]", /scan budget/],
  ["list.![big.indexOf('y')]", /scan budget/],
  ["list.![big.endsWith('y')]", /scan budget/],
  ["list.![big.replace('y', 'z')]", /scan budget|size budget/],
  ['list.![big.substring(1).length()]', /size budget/],
  ['list.![big.trim().length()]', /size budget/],
  ['list.![big == big + \'\']', /size budget|scan budget/],
  ["list.![big < big.substring(1) + 'y']", /size budget|scan budget/],
  ["list.![#alphanumerical(big).length()]", /scan budget|size budget/],
  ["list.![#toBase64(big).length()]", /scan budget|size budget/],
  ["list.![#toInt(big.substring(1) + '1')]", /size budget|scan budget/],
  ["list.![#fromBase64(#toBase64(big.substring(0, 900000)))]", /scan budget|size budget/],
  ["list.![#toBoolean(big)].size() + list.![big.substring(0, 900000).split(',').size()].size()", /scan budget|size budget/],
  ["big.replace('', 'ab').length()", /longer than 1000000 characters/],
  // Steps, maps, deep data.
  ['list.![list.![#this]].size()', /work budget \(50000 evaluation steps\)/],
  ['list.![wide.size()]', /scan budget/],
  ['list.![wide.keySet().size()]', /scan budget|size budget/],
  ['list.![wide.values().size()]', /scan budget|size budget/],
  ['list.![wide.isEmpty()]', /scan budget/],
  ["list.![{words, words}.contains(words)]", /scan budget/],
  ["list.![{words, words}.indexOf(words)]", /scan budget/],
];

describe('expression budgets refuse hostile expressions quickly and clearly', () => {
  for (const [source, expected] of HOSTILE) {
    it(`refuses ${source.length > 90 ? `${source.slice(0, 90)}…` : source}`, () => {
      const error = failure(source);
      assert.match(error.message, expected);
      assert.equal(error.kind, 'budget', error.message);
    });
  }

  it('measures a structure that shares references by its expanded size (2^24 leaves), in a few steps', () => {
    assert.equal(evaluateExpression(`(${doubling}).size()`, ctx), 1);
    assert.match(failure(`#toJson(${doubling})`).message, /size budget|scan budget/);
  });

  it('measures deeply nested data without overflowing the stack, and fails cleanly where JSON itself cannot go', () => {
    assert.equal(evaluateExpression('nested.size()', ctx), 1);
    assert.equal(evaluateExpression("nested == #readJson('[1]')", ctx), false);
    const error = failure('#toJson(nested)');
    assert.equal(error.kind, 'evaluation');
    assert.match(error.message, /call stack/);
  });

  it('charges the shared workflow-task budget across expressions', () => {
    const task = ExpressionBudget.forWorkflowTask();
    const shared: ExpressionContext = { execution, budget: task };
    let passed = 0;
    let error: ExpressionError | undefined;
    for (let i = 0; i < 10 && error === undefined; i += 1) {
      try {
        evaluateExpression('words.![#this + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1].size()', shared);
        passed += 1;
      } catch (caught) {
        error = caught as ExpressionError;
      }
    }
    assert.ok(passed >= 3, `each expression fits its own budget (${passed} passed)`);
    assert.ok(error !== undefined);
    assert.equal(error.kind, 'budget');
    assert.match(error.message, /expressions evaluated in this workflow task exceeded their shared work budget \(100000 evaluation steps\)/);
  });
});

describe('regular expressions run on RE2 with Java-compatible results', () => {
  const RESULTS: [string, unknown][] = [
    ["'v1.2.3' matches 'v\\d+\\.\\d+\\.\\d+'", true],
    ["'v1.2.3'.matches('v\\d+')", false],
    ["'FOO' matches '(?i)foo'", true],
    ["'a\nb' matches '(?s)a.b'", true],
    ["'release/2024-05' matches 'release/(?<year>\\d{4})-\\d{2}'", true],
    ["'über' matches '\\p{L}+'", true],
    ["'a.b' matches '\\Qa.b\\E'", true],
    ["'a,b, c ,d'.split('\\s*,\\s*')", ['a', 'b', 'c', 'd']],
    ["'a,b,,'.split(',')", ['a', 'b']],
    ["',a'.split(',')", ['', 'a']],
    ["''.split(',')", ['']],
    ["'abc'.split('')", ['a', 'b', 'c']],
    ["'a1b22c'.split('\\d+')", ['a', 'b', 'c']],
    ["'hello world'.replaceAll('(\\w+) (\\w+)', '$2 $1')", 'world hello'],
    ["'hello world'.replaceAll('(?<first>\\w+) (\\w+)', '${first}!')", 'hello!'],
    ["'a.b.c'.replaceAll('\\.', '\\$')", 'a$b$c'],
    ["'x-y_z'.replaceAll('[^a-z]', '')", 'xyz'],
  ];
  for (const [source, expected] of RESULTS) {
    it(`${source} → ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(evaluateExpression(source, ctx), expected);
    });
  }

  const REFUSALS: [string, RegExp][] = [
    ["'a1b2'.split('(?=\\d)')", /lookahead and lookbehind are not supported: regular expressions run on a linear-time engine/],
    ["'ab' matches '(a)\\1'", /backreferences are not supported/],
    ["'ab' matches 'a(?!c)b'", /lookahead and lookbehind are not supported/],
    ["'ab' matches '(?<=a)b'", /lookahead and lookbehind are not supported/],
    ["'aaa' matches 'a*+'", /possessive quantifiers are not supported/],
    ["'ab' matches '(?>a)b'", /atomic groups are not supported/],
    ["'ab' matches '(a'", /invalid regular expression '\(a': .*RE2 syntax/],
    ["'abc'.replaceAll('b', '$1')", /no group 1/],
  ];
  for (const [source, expected] of REFUSALS) {
    it(`refuses ${source}`, () => {
      const error = failure(source);
      assert.match(error.message, expected);
      assert.equal(error.kind, 'evaluation');
    });
  }

  it('estimates program sizes at or above what RE2 compiles', () => {
    for (const pattern of ['a', 'a*a*b', '(a+)?(a+)?(a+)?b', '[a-z0-9-]{1,63}', '(?i)foo|bar|baz', '(x|y){3,5}z?', '\\d{4}-\\d{2}-\\d{2}', '(?:ab|cd|ef){10}', '\\p{L}{1,40}', '[[:alpha:]]+', 'a{2,}', '((a|b)c{2}){3}']) {
      const compiled = RE2JS.compile(pattern).programSize();
      assert.ok(estimateProgramSize(pattern) >= compiled, `${pattern}: estimate ${estimateProgramSize(pattern)} < ${compiled}`);
    }
  });
});

describe('budget failures in templates', () => {
  it('flags the failure, stops evaluating the rest and keeps ordinary failures unflagged', () => {
    const { value, errors } = evaluateTemplates(
      { first: '${parameters.missing.deeper}', hostile: "${a10k matches 'a*a*b'}", after: '${1 + 1}' },
      ctx,
    );
    assert.equal(errors.length, 2);
    assert.equal(errors[0].budgetExceeded, undefined);
    assert.equal(errors[1].budgetExceeded, true);
    assert.match(errors[1].message, /Failed to evaluate expression .*: expression exceeded its regular-expression budget/);
    assert.equal(value.after, '${1 + 1}', 'nothing after the failure is evaluated');
  });

  it('charges rendering a large result into text', () => {
    const wide = execution.variables!.wide;
    const variables = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`copy${i}`, wide]));
    const { errors } = evaluateTemplates({ text: 'all: ${#root}' }, { execution: executionDocument({ variables }) });
    assert.equal(errors[0]?.budgetExceeded, true, JSON.stringify(errors));
  });
});

describe('executions recorded before the budgets replay with the old evaluator', () => {
  const legacy: ExpressionContext = { execution, budget: ExpressionBudget.legacy() };
  it('keeps JavaScript regular-expression features and the old limits', () => {
    assert.equal(evaluateExpression("'ab' matches 'a(?=b)b'", legacy), true);
    assert.equal(evaluateExpression('list.![list.![#this]].size() > 0', { execution: executionDocument({ variables: { list: Array.from({ length: 200 }, (_, i) => i) } }), budget: ExpressionBudget.legacy() }), true);
    assert.match(failure('list.![list.![#this]].size()', legacy).message, /more than 100000 evaluation steps/);
    assert.equal(failure('list.![list.![#this]].size()', legacy).kind, 'evaluation');
  });
});
