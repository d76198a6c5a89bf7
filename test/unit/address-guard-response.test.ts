import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { boundedBody, boundedJson, MAX_BODY_BYTES, MAX_JSON_DEPTH, TRUNCATED_MARKER, wellFormed } from '../../activities/webhook/response-bounds';

describe('webhook responses kept in the stage: well-formed and bounded', () => {
  const cases: [input: string, expected: string][] = [
    ['plain', 'plain'],
    ['\uD800', '\uFFFD'],
    ['a\uDC00b', 'a\uFFFDb'],
    ['\uDBFF\uD800x', '\uFFFD\uFFFDx'],
    ['😀', '😀'],
    ['😀\uD83D', '😀\uFFFD'],
    ['\uDE00😀', '\uFFFD😀'],
  ];
  for (const [input, expected] of cases) {
    test(`wellFormed(${JSON.stringify(input)})`, () => {
      assert.equal(wellFormed(input), expected);
      // encodeURIComponent throws on a lone surrogate.
      assert.doesNotThrow(() => encodeURIComponent(wellFormed(input)));
    });
  }

  test('JSON strings and keys with escaped lone surrogates are repaired', () => {
    const body = boundedBody(Buffer.from('{"a\\ud800":["x\\udc00",{"k":"\\ud83d"}]}'), false, 'application/json');
    assert.deepEqual(body, { 'a\uFFFD': ['x\uFFFD', { k: '\uFFFD' }] });
  });

  test('a "__proto__" key stays plain data', () => {
    const body = boundedJson(JSON.parse('{"__proto__":{"polluted":true}}')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body), ['__proto__']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(body), Object.prototype);
  });

  test(`JSON nested deeper than ${MAX_JSON_DEPTH} is kept as text`, () => {
    const ok = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    assert.ok(Array.isArray(boundedBody(Buffer.from(ok), false, 'application/json')));
    const deep = '['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1);
    assert.equal(boundedBody(Buffer.from(deep), false, 'application/json'), deep);
  });

  test('a truncated body is text with the marker, never a half JSON document; a cut UTF-8 character becomes U+FFFD', () => {
    const bytes = Buffer.from(`{"x":"${'é'.repeat(MAX_BODY_BYTES)}"}`).subarray(0, MAX_BODY_BYTES);
    const body = boundedBody(bytes, true, 'application/json') as string;
    assert.equal(typeof body, 'string');
    assert.ok(body.endsWith(TRUNCATED_MARKER));
    assert.ok(Buffer.byteLength(body) <= MAX_BODY_BYTES + Buffer.byteLength(TRUNCATED_MARKER) + 2);
  });

  test('a body that claims JSON but is not stays text; invalid UTF-8 becomes U+FFFD', () => {
    assert.equal(boundedBody(Buffer.from('{oops'), false, 'application/json'), '{oops');
    assert.equal(boundedBody(Buffer.from([0x61, 0xff, 0x62]), false, 'text/plain'), 'a\uFFFDb');
  });
});
