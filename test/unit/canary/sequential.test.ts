import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupSequentialBoundaries, normalQuantile, normalUpperTail, obrienFlemingSpending, sequentialBoundary } from '../../../canary';

describe('group-sequential boundaries (Lan–DeMets, O’Brien–Fleming type)', () => {
  it('reproduces the published 5-look, α = 0.05 two-sided design', () => {
    // ldbounds / gsDesign print 4.8769 3.3569 2.6803 2.2898 2.0310; the second look is 3.357012 by
    // an independent fine-grid integration (ldbounds' coarser grid rounds it to 3.3569).
    const expected = [4.876885, 3.357012, 2.68028, 2.289817, 2.031032];
    groupSequentialBoundaries(5, 0.05).forEach((c, i) => assert.ok(Math.abs(c - expected[i]) < 2e-6, `look ${i + 1}: ${c}`));
  });

  it('spends exactly alpha by the last look and nothing before the first', () => {
    assert.equal(obrienFlemingSpending(1, 0.02), 0.02);
    assert.equal(obrienFlemingSpending(0, 0.02), 0);
    assert.ok(Math.abs(obrienFlemingSpending(1 - 1e-12, 0.02) - 0.02) < 1e-9);
  });

  it('is the fixed-sample quantile with a single look', () => {
    assert.equal(groupSequentialBoundaries(1, 0.02)[0], normalQuantile(0.01, true));
  });

  it('gives decreasing boundaries, all above the fixed-sample one', () => {
    const c = groupSequentialBoundaries(10, 0.02);
    for (let k = 1; k < c.length; k++) assert.ok(c[k] < c[k - 1]);
    assert.ok(c[9] > normalQuantile(0.01, true));
  });

  it('spends alpha(t_k) − alpha(t_{k−1}) at each look (checked by direct integration for two looks)', () => {
    const [c1, c2] = groupSequentialBoundaries(2, 0.02);
    assert.ok(Math.abs(2 * normalUpperTail(c1) - obrienFlemingSpending(0.5, 0.02)) < 1e-15);
    // P(|Z1| < c1, |Z2| ≥ c2) with Z2 = (Z1 + W)/√2, integrated on a fine grid.
    let crossing = 0;
    const steps = 20000;
    const h = (2 * c1) / steps;
    for (let i = 0; i <= steps; i++) {
      const z1 = -c1 + i * h;
      const w = i === 0 || i === steps ? 1 : i % 2 === 1 ? 4 : 2;
      const tail = normalUpperTail(c2 * Math.SQRT2 - z1) + normalUpperTail(c2 * Math.SQRT2 + z1);
      crossing += (w * h * Math.exp(-z1 * z1 / 2) * tail) / 3 / Math.sqrt(2 * Math.PI);
    }
    assert.ok(Math.abs(crossing - (0.02 - obrienFlemingSpending(0.5, 0.02))) < 1e-9);
  });

  it('describes the boundary of one look', () => {
    const b = sequentialBoundary(3, 10);
    assert.equal(b.alpha, 0.02);
    assert.equal(b.informationFraction, 0.3);
    assert.equal(b.boundary, groupSequentialBoundaries(10, 0.02)[2]);
    assert.ok(Math.abs(b.nominalAlpha - 2 * normalUpperTail(b.boundary)) < 1e-18);
    assert.throws(() => sequentialBoundary(4, 3), RangeError);
  });

  it('handles long canaries whose first looks spend almost nothing', () => {
    const c = groupSequentialBoundaries(200, 0.02);
    assert.ok(c[0] > 30 && Number.isFinite(c[0]));
    assert.ok(c[199] > 2.4 && c[199] < 2.7);
  });
});
