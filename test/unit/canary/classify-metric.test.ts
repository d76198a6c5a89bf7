import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judge, type CanaryAnalysisResult } from '../../../canary';
import { request, spread, type MetricSpec } from './requests';

function classify(spec: Omit<MetricSpec, 'name'>): CanaryAnalysisResult {
  return judge(request([{ name: 'm', ...spec }])).results[0];
}

const baseline = spread(60, 100, 10);
const higher = spread(60, 130, 10);
const lower = spread(60, 70, 10);

describe('metric classification', () => {
  it('passes when the interval reaches into the tolerance band', () => {
    const r = classify({ control: baseline, experiment: spread(60, 101, 10) });
    assert.equal(r.classification, 'Pass');
    assert.match(r.classificationReason, /no significant shift.*98% confidence interval.*tolerance band/);
    assert.ok(r.resultMetadata.lowerConfidence! <= r.resultMetadata.toleranceBand!);
  });

  it('classifies a clear increase as High and explains the test, interval and effect size', () => {
    const r = classify({ control: baseline, experiment: higher });
    assert.equal(r.classification, 'High');
    assert.equal(r.critical, false);
    assert.match(r.classificationReason, /^High: the canary is higher than the baseline\. The 98% confidence interval .* lies entirely above the tolerance band .*Mann-Whitney p = .*meanRatio 1\.3 ≥ allowedIncrease 1\./);
    const m = r.resultMetadata;
    assert.ok(m.lowerConfidence! > m.toleranceBand!);
    assert.equal(m.toleranceBand, 0.25 * Math.abs(m.estimate!));
    assert.ok(Math.abs(m.ratio! - 1.3) < 1e-12);
  });

  it('classifies a clear decrease as Low', () => {
    assert.equal(classify({ control: baseline, experiment: lower }).classification, 'Low');
  });

  it('ignores the direction it is not asked to watch', () => {
    const r = classify({ control: baseline, experiment: lower, canary: { direction: 'increase' } });
    assert.equal(r.classification, 'Pass');
    assert.match(r.classificationReason, /only fails when it increases \(direction: increase\)/);
    assert.equal(classify({ control: baseline, experiment: higher, canary: { direction: 'decrease' } }).classification, 'Pass');
    assert.equal(classify({ control: baseline, experiment: higher, canary: { direction: 'increase' } }).classification, 'High');
  });

  it('needs the effect size to reach allowedIncrease / allowedDecrease', () => {
    const small = classify({ control: baseline, experiment: higher, canary: { effectSize: { allowedIncrease: 1.5 } } });
    assert.equal(small.classification, 'Pass');
    assert.match(small.classificationReason, /meanRatio 1\.3 is below allowedIncrease 1\.5, so the change is too small to count/);
    assert.equal(classify({ control: baseline, experiment: lower, canary: { effectSize: { allowedDecrease: 0.5 } } }).classification, 'Pass');
    assert.equal(classify({ control: baseline, experiment: lower, canary: { effectSize: { allowedDecrease: 0.8 } } }).classification, 'Low');
  });

  it('can gate on the common-language effect size instead', () => {
    // Overlapping samples: 92 % of (canary, baseline) pairs have the canary higher.
    const overlapping = spread(60, 112, 10);
    const r = classify({ control: baseline, experiment: overlapping, canary: { effectSize: { measure: 'cles', allowedIncrease: 0.9 } } });
    assert.deepEqual(r.resultMetadata.effectSize, { measure: 'cles', value: 0.92 });
    assert.equal(r.classification, 'High');
    assert.equal(classify({ control: baseline, experiment: overlapping, canary: { effectSize: { measure: 'cles', allowedIncrease: 0.95 } } }).classification, 'Pass');
  });

  it('skips the effect-size gate when a mean is 0 (ratio undefined)', () => {
    const r = classify({ control: [-2, -1, 0, 1, 2, -1.5, 1.5, 0.5, -0.5], experiment: spread(9, 10, 1), canary: { effectSize: { allowedIncrease: 5 } } });
    assert.equal(r.resultMetadata.ratio, null);
    assert.equal(r.classification, 'High');
    assert.match(r.classificationReason, /undefined \(a mean is 0\), so the effect-size gate is skipped/);
  });

  it('marks a critical High only when the effect reaches criticalIncrease', () => {
    const hard = classify({ control: baseline, experiment: higher, canary: { critical: true, effectSize: { criticalIncrease: 1.2 } } });
    assert.equal(hard.classification, 'High');
    assert.equal(hard.critical, true);
    assert.match(hard.classificationReason, /Critical metric: the effect reaches criticalIncrease 1\.2, so the canary fails whatever its score/);
    const soft = classify({ control: baseline, experiment: higher, canary: { critical: true, effectSize: { criticalIncrease: 1.5 } } });
    assert.equal(soft.classification, 'High');
    assert.equal(soft.critical, false);
    assert.match(soft.classificationReason, /counts as an ordinary High/);
    const low = classify({ control: baseline, experiment: lower, canary: { critical: true, effectSize: { criticalDecrease: 0.8 } } });
    assert.deepEqual([low.classification, low.critical], ['Low', true]);
  });

  describe('missing data', () => {
    it('is Nodata when a side is empty after removing NaN', () => {
      const r = classify({ control: baseline, experiment: [null, 'NaN', null] });
      assert.equal(r.classification, 'Nodata');
      assert.equal(r.critical, false);
      assert.match(r.classificationReason, /the canary series of m is empty after removing 3 missing \(NaN\) points/);
    });
    it('is NodataFailMetric with mustHaveData', () => {
      const r = classify({ control: [], experiment: baseline, canary: { mustHaveData: true } });
      assert.equal(r.classification, 'NodataFailMetric');
      assert.match(r.classificationReason, /mustHaveData is set/);
    });
    it('stays Nodata but critical for a critical metric, even with mustHaveData', () => {
      const r = classify({ control: [], experiment: [], canary: { critical: true, mustHaveData: true } });
      assert.deepEqual([r.classification, r.critical], ['Nodata', true]);
    });
    it('passes with nanStrategy replace', () => {
      assert.equal(classify({ control: [], experiment: [], canary: { nanStrategy: 'replace' } }).classification, 'Pass');
    });
    it('replaces NaN by 0 with nanStrategy replace', () => {
      const r = classify({ control: [1, 1, null], experiment: [1, 1, 'NaN'], canary: { nanStrategy: 'replace' } });
      assert.equal(r.experimentMetadata.stats.count, 3);
      assert.equal(r.experimentMetadata.stats.min, 0);
    });
  });

  it('passes identical data without testing', () => {
    const r = classify({ control: [3, 1, 2], experiment: [1, 2, 3] });
    assert.equal(r.classification, 'Pass');
    assert.match(r.classificationReason, /identical/);
  });

  it('passes when every point has one value', () => {
    const r = classify({ control: [0, 0, 0, 0], experiment: [0, 0] });
    assert.equal(r.classification, 'Pass');
    assert.match(r.classificationReason, /same value 0/);
  });

  it('compares two different constant series deterministically (no random noise)', () => {
    const a = classify({ control: new Array(30).fill(100), experiment: new Array(30).fill(120) });
    const b = classify({ control: new Array(30).fill(100), experiment: new Array(30).fill(120) });
    assert.equal(a.classification, 'High');
    assert.deepEqual(a, b);
    assert.deepEqual([a.resultMetadata.lowerConfidence, a.resultMetadata.estimate, a.resultMetadata.upperConfidence], [20, 20, 20]);
    assert.equal(classify({ control: new Array(30).fill(100), experiment: new Array(30).fill(80) }).classification, 'Low');
  });

  it('removes outliers before testing when asked', () => {
    const control = spread(100, 100, 5);
    const experiment = [...spread(99, 100, 5), 1e6];
    const kept = classify({ control, experiment, canary: { outliers: { strategy: 'remove' } } });
    assert.equal(kept.experimentMetadata.outliersRemoved, 1);
    assert.equal(kept.experimentMetadata.stats.max < 1000, true);
  });

  it('uses the exact step locations when the config asks for them', () => {
    const spec = [{ name: 'm', control: [1, 2, 3, 4, 5, 6, 7, 8], experiment: [5, 6, 7, 8, 9, 10, 11, 12] }];
    const exact = judge(request(spec, { intervalMethod: 'exact' })).results[0].resultMetadata;
    const r = judge(request(spec)).results[0].resultMetadata;
    assert.deepEqual([exact.lowerConfidence, exact.estimate, exact.upperConfidence], [0, 4, 8]);
    // R's root-finder stops within its tolerance of the step, not on it.
    assert.ok(r.lowerConfidence! > 0 && r.lowerConfidence! <= 1e-4);
  });
});
