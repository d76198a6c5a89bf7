import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalLowerTail, normalQuantile, normalUpperTail } from '../../../canary';
import { loadReference, relativeError } from './reference';

const reference = loadReference();

describe('normal distribution against R', () => {
  it('qnorm is the very same double as R, both tails', () => {
    for (const { p, lower, upper } of reference.qnorm) {
      assert.equal(normalQuantile(p), lower, `qnorm(${p})`);
      assert.equal(normalQuantile(p, true), upper, `qnorm(${p}, lower.tail = FALSE)`);
    }
  });

  it('pnorm upper tail agrees to 1e-14 relative, deep into the tail', () => {
    for (const { x, upper } of reference.pnorm) {
      assert.ok(relativeError(normalUpperTail(x), upper) <= 1e-14, `pnorm(${x}, lower.tail = FALSE): ${normalUpperTail(x)} vs ${upper}`);
    }
  });

  it('lower and upper tails mirror each other', () => {
    for (const x of [-3, -0.2, 0, 0.7, 4.2]) assert.equal(normalLowerTail(x), normalUpperTail(-x));
    assert.equal(normalUpperTail(0), 0.5);
  });

  it('handles the edges of the quantile', () => {
    assert.equal(normalQuantile(0), -Infinity);
    assert.equal(normalQuantile(1), Infinity);
    assert.ok(Number.isNaN(normalQuantile(1.5)));
  });
});
