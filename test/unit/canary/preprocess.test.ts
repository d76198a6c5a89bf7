import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeSeries, handleMissing, percentileR7, preprocess, removeOutliers } from '../../../canary';
import { loadReference, relativeError } from './reference';

const reference = loadReference();

describe('preprocessing', () => {
  it('R-7 percentiles match R quantile(type = 7)', () => {
    for (const q of reference.quantile) {
      const sorted = Float64Array.from(q.values).sort();
      for (const [p, expected] of [
        [1, q.p1],
        [25, q.p25],
        [75, q.p75],
        [99, q.p99],
      ]) {
        assert.ok(relativeError(percentileR7(sorted, p), expected) <= 1e-14, `P${p} of ${q.values.length} values`);
      }
    }
    assert.ok(Number.isNaN(percentileR7(new Float64Array(0), 50)));
  });

  it('removes or zeroes missing points (null and "NaN")', () => {
    const raw = [1, null, 'NaN', 4] as const;
    assert.deepEqual(Array.from(handleMissing(raw, 'remove').values), [1, 4]);
    assert.deepEqual(Array.from(handleMissing(raw, 'replace').values), [1, 0, 0, 4]);
    assert.equal(handleMissing(raw, 'remove').missing, 2);
  });

  it('drops outliers beyond max(P99, Q3 + k·IQR) and min(P1, Q1 − k·IQR)', () => {
    const values = Float64Array.from([...Array.from({ length: 200 }, (_, i) => 100 + (i % 10)), 5000, -4000]);
    const kept = removeOutliers(values, 3);
    assert.equal(kept.length, 200);
    assert.ok(!kept.includes(5000) && !kept.includes(-4000));
  });

  it('never cuts into the central 98 % even when the IQR is 0 (reduced sensitivity)', () => {
    // Q1 = Q3 = 0, so Tukey fences would drop every non-zero point; P1/P99 keep the body.
    const values = Float64Array.from([...new Array(95).fill(0), 1, 2, 3, 4, 1000]);
    const kept = removeOutliers(values, 3);
    assert.deepEqual(Array.from(kept.filter((v) => v !== 0)), [1, 2, 3, 4]);
  });

  it('runs NaN handling before outlier removal and counts what it dropped', () => {
    const raw = [...Array.from({ length: 100 }, (_, i) => 10 + (i % 5)), null, 900];
    const series = preprocess(raw, 'remove', { strategy: 'remove', factor: 3 });
    assert.equal(series.missing, 1);
    assert.equal(series.outliers, 1);
    assert.equal(series.values.length, 100);
    assert.equal(preprocess(raw, 'remove', { strategy: 'keep', factor: 3 }).values.length, 101);
  });

  it('describes a series like Kayenta (sample standard deviation, zeros when empty)', () => {
    assert.deepEqual(describeSeries(Float64Array.from([2, 4, 4, 4, 5, 5, 7, 9])), { count: 8, mean: 5, min: 2, max: 9, std: Math.sqrt(32 / 7) });
    assert.deepEqual(describeSeries(new Float64Array(0)), { count: 0, mean: 0, min: 0, max: 0, std: 0 });
    assert.equal(describeSeries(Float64Array.from([3])).std, 0);
  });
});
