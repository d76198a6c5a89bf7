import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateSeries, parkMillerUniforms } from '../../../bench/judge-data';
import { AllObservationsTiedError, kthSmallestDifference, mannWhitney, mannWhitneyConstantSamples, normalQuantile, sortSamples } from '../../../canary';

/** Standardized statistic of x − d against y by brute force: sort the pooled sample and average the ranks. */
function bruteStatistic(x: readonly number[], y: readonly number[], d: number, correct: boolean): number {
  const pooled = [...x.map((v) => ({ v: v - d, isX: true })), ...y.map((v) => ({ v, isX: false }))].sort((a, b) => a.v - b.v);
  let rankSum = 0;
  let ties = 0;
  for (let start = 0; start < pooled.length; ) {
    let end = start;
    while (end + 1 < pooled.length && pooled[end + 1].v === pooled[start].v) end++;
    const t = end - start + 1;
    const rank = (start + 1 + end + 1) / 2;
    for (let i = start; i <= end; i++) if (pooled[i].isX) rankSum += rank;
    ties += t ** 3 - t;
    start = end + 1;
  }
  const nx = x.length;
  const ny = y.length;
  const dz = rankSum - (nx * (nx + 1)) / 2 - (nx * ny) / 2;
  const sigma = Math.sqrt(((nx * ny) / 12) * (nx + ny + 1 - ties / ((nx + ny) * (nx + ny - 1))));
  return (dz - (correct ? Math.sign(dz) * 0.5 : 0)) / sigma;
}

/** The step location where the statistic (between steps) first drops to zq or below. */
function bruteBound(x: readonly number[], y: readonly number[], zq: number): number {
  const steps = [...new Set(x.flatMap((a) => y.map((b) => a - b)))].sort((a, b) => a - b);
  if (bruteStatistic(x, y, steps[0] - 1, true) - zq <= 0) return steps[0];
  for (let i = 0; i < steps.length; i++) {
    const right = i + 1 < steps.length ? (steps[i] + steps[i + 1]) / 2 : steps[i] + 1;
    if (bruteStatistic(x, y, right, true) - zq <= 0) return steps[i];
  }
  return steps[steps.length - 1];
}

function bruteMedianDifference(x: readonly number[], y: readonly number[]): number {
  const all = x.flatMap((a) => y.map((b) => a - b)).sort((a, b) => a - b);
  const mid = all.length >> 1;
  return all.length % 2 === 1 ? all[mid] : (all[mid - 1] + all[mid]) / 2;
}

function sample(seed: number, n: number, map: (u: number) => number): number[] {
  return Array.from(parkMillerUniforms(seed, n), map);
}

const shapes: [string, number[], number[]][] = [
  ['continuous 12 vs 15', sample(3, 12, (u) => 10 + 5 * u), sample(4, 15, (u) => 9 + 5 * u)],
  ['integer ties 30 vs 25', sample(5, 30, (u) => Math.floor(u * 8)), sample(6, 25, (u) => Math.floor(u * 8 + 1))],
  ['half-integers with cross ties', sample(7, 20, (u) => Math.floor(u * 20) / 2), sample(8, 21, (u) => Math.floor(u * 20) / 2)],
  ['one vs many', [3], sample(9, 40, (u) => u * 10)],
  ['mostly zeros', sample(10, 40, (u) => (u > 0.9 ? 1 : 0)), sample(11, 40, (u) => (u > 0.8 ? 2 : 0))],
];

describe('exact interval equals a brute-force scan of the step function', () => {
  for (const [name, x, y] of shapes) {
    it(name, () => {
      const z = normalQuantile(0.01, true);
      const r = mannWhitney(x, y, { confLevel: 0.98, method: 'exact' });
      assert.equal(r.lowerConfidence, bruteBound(x, y, z));
      assert.equal(r.upperConfidence, bruteBound(x, y, -z));
      assert.equal(r.estimate, bruteMedianDifference(x, y));
    });
  }
});

describe('k-th smallest pairwise difference', () => {
  it('matches sorting all differences', () => {
    const x = sample(21, 37, (u) => Math.floor(u * 50) / 4 - 3);
    const y = sample(22, 29, (u) => u * 12);
    const { xs, ys } = sortSamples(x, y);
    const all = x.flatMap((a) => y.map((b) => a - b)).sort((a, b) => a - b);
    for (let k = 1; k <= all.length; k += 7) assert.equal(kthSmallestDifference(xs, ys, k), all[k - 1], `k = ${k}`);
    assert.equal(kthSmallestDifference(xs, ys, all.length), all[all.length - 1]);
  });

  it('finds values spanning many orders of magnitude', () => {
    const x = sample(23, 3000, (u) => 10 ** (12 * u - 6));
    const y = sample(24, 2000, (u) => 10 ** (12 * u - 6));
    const { xs, ys } = sortSamples(x, y);
    for (const k of [1, 17, 3_000_000, 5_999_999]) {
      const v = kthSmallestDifference(xs, ys, k);
      let below = 0;
      let atMost = 0;
      for (const a of x) for (const b of y) {
        if (a - b < v) below++;
        if (a - b <= v) atMost++;
      }
      assert.ok(below < k && k <= atMost, `k = ${k}: ${below} < k ≤ ${atMost}`);
    }
  });
});

describe('symmetry', () => {
  const x = sample(31, 80, (u) => Math.round(100 * u) / 10);
  const y = sample(32, 60, (u) => Math.round(90 * u) / 10 + 0.5);
  it('swapping control and experiment negates the estimate and mirrors the interval (exact)', () => {
    const a = mannWhitney(x, y, { confLevel: 0.98, method: 'exact' });
    const b = mannWhitney(y, x, { confLevel: 0.98, method: 'exact' });
    assert.equal(b.estimate, -a.estimate);
    assert.equal(b.lowerConfidence, -a.upperConfidence);
    assert.equal(b.upperConfidence, -a.lowerConfidence);
    assert.equal(b.pValue, a.pValue);
    assert.equal(b.z, -a.z);
    assert.equal(b.statistic, x.length * y.length - a.statistic);
  });
  it("does the same within R's root-finder tolerance (R-compatible)", () => {
    const a = mannWhitney(x, y, { confLevel: 0.98 });
    const b = mannWhitney(y, x, { confLevel: 0.98 });
    assert.ok(Math.abs(b.lowerConfidence + a.upperConfidence) <= 2e-4);
    assert.ok(Math.abs(b.upperConfidence + a.lowerConfidence) <= 2e-4);
    assert.ok(Math.abs(b.estimate + a.estimate) <= 2e-4);
    assert.equal(b.pValue, a.pValue);
  });
  it('scaling both samples by a power of two scales the exact interval exactly', () => {
    const a = mannWhitney(x, y, { confLevel: 0.98, method: 'exact' });
    const b = mannWhitney(x.map((v) => v * 1024), y.map((v) => v * 1024), { confLevel: 0.98, method: 'exact' });
    assert.deepEqual([b.lowerConfidence, b.upperConfidence, b.estimate], [a.lowerConfidence * 1024, a.upperConfidence * 1024, a.estimate * 1024]);
  });
});

describe('degenerate samples', () => {
  it('refuses samples whose values are all equal, as R does', () => {
    assert.throws(() => mannWhitney([2, 2, 2], [2, 2]), AllObservationsTiedError);
  });
  it('takes the noise-free limit for two different constant samples', () => {
    const r = mannWhitneyConstantSamples(12, 10, 10, 8, { confLevel: 0.98 });
    assert.deepEqual([r.lowerConfidence, r.estimate, r.upperConfidence], [2, 2, 2]);
    assert.equal(r.statistic, 80);
    // The limit of jittered data: complete separation and no ties.
    const jittered = mannWhitney(Array.from({ length: 10 }, (_, i) => 12 + i * 1e-9), Array.from({ length: 8 }, (_, i) => 10 + i * 1e-9), { confLevel: 0.98 });
    assert.equal(r.pValue, jittered.pValue);
  });
});

describe('10^6 points per side', () => {
  // Certified against independent counting (binary search per row) rather than a stored fixture.
  const x = generateSeries('continuous', 101, 1_000_000, 1.0007);
  const y = generateSeries('continuous', 102, 1_000_000, 1);
  const { xs, ys } = sortSamples(x, y);
  const exact = mannWhitney(x, y, { confLevel: 0.98, method: 'exact' });

  /** #{(i, j): x_i − y_j < v (or ≤ v)} by binary search in each row. */
  const count = (v: number, inclusive: boolean) => {
    let total = 0;
    for (let i = 0; i < xs.length; i++) {
      let lo = 0;
      let hi = ys.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const d = xs[i] - ys[mid];
        if (inclusive ? d <= v : d < v) hi = mid;
        else lo = mid + 1;
      }
      total += ys.length - lo;
    }
    return total;
  };

  it('each bound is the k-th smallest difference for the k the statistic dictates', () => {
    const total = xs.length * ys.length;
    const z = normalQuantile(0.01, true);
    // Continuous data: no ties, so sigma is the plain one and the crossing count has a closed form.
    const sigma = Math.sqrt(((xs.length * ys.length) / 12) * (xs.length + ys.length + 1));
    const kLower = total - Math.floor(total / 2 + 0.5 + z * sigma);
    const kUpper = total - Math.floor(total / 2 - 0.5 - z * sigma);
    for (const [v, k] of [
      [exact.lowerConfidence, kLower],
      [exact.upperConfidence, kUpper],
    ]) {
      assert.ok(count(v, false) < k && k <= count(v, true), `${v} is not the ${k}-th difference`);
    }
  });

  it("R's procedure lands within its tolerance of the exact bounds", () => {
    const r = mannWhitney(x, y, { confLevel: 0.98 });
    assert.ok(Math.abs(r.lowerConfidence - exact.lowerConfidence) <= 1e-4);
    assert.ok(Math.abs(r.upperConfidence - exact.upperConfidence) <= 1e-4);
    // n·m is even: the estimate's statistic is zero between the two middle differences.
    const half = (xs.length * ys.length) / 2;
    const low = kthSmallestDifference(xs, ys, half);
    const high = kthSmallestDifference(xs, ys, half + 1);
    assert.equal(exact.estimate, (low + high) / 2);
    assert.ok(r.estimate >= low - 1e-4 && r.estimate <= high + 1e-4);
  });
});
