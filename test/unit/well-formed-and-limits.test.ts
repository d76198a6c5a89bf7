import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatBytes, jsonBytes, utf8Bytes } from '../../workflows/model/limits';
import { findIllFormedText, isWellFormedText, toWellFormedJson, toWellFormedText } from '../../workflows/model/well-formed';

describe('well-formed text', () => {
  const texts: [string, string, boolean, string][] = [
    ['plain', 'ship it', true, 'ship it'],
    ['a surrogate pair (emoji)', 'go 🚀', true, 'go 🚀'],
    ['a lone high surrogate', 'a\ud800b', false, 'a\ufffdb'],
    ['a lone low surrogate', '\udc00', false, '\ufffd'],
    ['reversed pair', '\udc00\ud800', false, '\ufffd\ufffd'],
  ];
  for (const [name, text, wellFormed, repaired] of texts) {
    it(name, () => {
      assert.equal(isWellFormedText(text), wellFormed);
      assert.equal(toWellFormedText(text), repaired);
    });
  }

  it('finds the path of the first ill-formed string or key, at any depth', () => {
    assert.equal(findIllFormedText({ a: ['ok', { b: 'x\ud800' }] }), 'a[1].b');
    assert.equal(findIllFormedText({ 'my key': { ['\udfff']: 1 } }, 'input'), 'input["my key"]["\ufffd"]');
    assert.equal(findIllFormedText('\ud800'), '(root)');
    assert.equal(findIllFormedText({ a: 1, b: [true, null, 'fine 🚀'] }), undefined);
    let deep: unknown = '\ud800';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    assert.match(findIllFormedText(deep) ?? '', /^(\[0\]){100000}$/);
  });

  it('repairs a JSON value without touching escaped backslashes or pairs', () => {
    const value = { text: 'a\ud800', [`k\udc00`]: ['\\ud800 is text', 'pair 🚀', 3] };
    assert.deepEqual(toWellFormedJson(value), { text: 'a\ufffd', 'k\ufffd': ['\\ud800 is text', 'pair 🚀', 3] });
    const clean = { a: 'fine' };
    assert.equal(toWellFormedJson(clean), clean, 'a well-formed value is returned as is');
    assert.equal(toWellFormedJson(undefined), undefined);
  });
});

describe('sizes', () => {
  it('counts UTF-8 bytes as Buffer does (lone surrogates as U+FFFD)', () => {
    for (const text of ['', 'abc', 'é', '€', '🚀', 'a\ud800', '\udc00z', 'x'.repeat(1000) + '日本']) {
      assert.equal(utf8Bytes(text), Buffer.byteLength(text, 'utf8'), JSON.stringify(text));
    }
    assert.equal(jsonBytes({ a: 'é' }), Buffer.byteLength(JSON.stringify({ a: 'é' })));
    assert.equal(jsonBytes(undefined), 0);
  });

  it('formats sizes for messages', () => {
    assert.equal(formatBytes(12), '12 bytes');
    assert.equal(formatBytes(300 * 1024), '300 KiB');
    assert.equal(formatBytes(1.25 * 1024 * 1024), '1.25 MiB');
  });
});
