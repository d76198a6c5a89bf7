import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { roundHalfUp, scoreResults, type MetricClassificationLabel, type ScorableResult } from '../../../canary';

const thresholds = { pass: 75, marginal: 50 };

function metric(name: string, classification: MetricClassificationLabel, groups: string[], extra: Partial<ScorableResult> = {}): ScorableResult {
  return { name, classification, classificationReason: `${name} was ${classification}`, critical: false, muted: false, groups, ...extra };
}

describe('scoring', () => {
  it('scores each group as the share of passing metrics among Pass, High, Low and NodataFailMetric', () => {
    const { groupScores } = scoreResults(
      [metric('a', 'Pass', ['g']), metric('b', 'High', ['g']), metric('c', 'NodataFailMetric', ['g']), metric('d', 'Nodata', ['g']), metric('e', 'Error', ['g'])],
      {},
      thresholds,
    );
    assert.equal(groupScores.length, 1);
    assert.ok(Math.abs(groupScores[0].score - 100 / 3) < 1e-12);
    assert.match(groupScores[0].classificationReason, /1 of 3 metrics passed \(b High, c NodataFailMetric\); 2 without data or with errors not counted/);
  });

  it('weighs groups, sharing what is left of 100 among groups without a weight', () => {
    const results = [metric('a', 'Pass', ['latency']), metric('b', 'High', ['errors']), metric('c', 'Pass', ['cpu']), metric('d', 'Low', ['cpu'])];
    // latency 50 % configured; errors and cpu share the remaining 50 % → 25 % each.
    const { score } = scoreResults(results, { latency: 50 }, thresholds);
    assert.equal(score.score, 100 * 0.5 + 0 * 0.25 + 50 * 0.25);
    assert.equal(score.classification, 'Marginal');
    assert.match(score.classificationReason, /score 62\.5 .*latency 100 × 50%, errors 0 × 25%, cpu 50 × 25%.*Not passing: b High, d Low/);
  });

  it('counts a group with nothing comparable as 100', () => {
    const results = [metric('a', 'High', ['x']), metric('b', 'Nodata', ['y']), metric('c', 'Pass', ['x'])];
    const { groupScores, score } = scoreResults(results, {}, thresholds);
    assert.equal(groupScores.find((g) => g.name === 'y')?.classification, 'Nodata');
    assert.equal(score.score, 50 * 0.5 + 100 * 0.5);
    assert.equal(score.classification, 'Pass');
  });

  it('is split into equal groups when there are no weights', () => {
    const results = [metric('a', 'Pass', ['x']), metric('b', 'Pass', ['y']), metric('c', 'High', ['z'])];
    assert.equal(scoreResults(results, {}, thresholds).score.score, 66.67);
  });

  it('lets a metric count in every group it belongs to', () => {
    const { groupScores } = scoreResults([metric('a', 'High', ['x', 'y']), metric('b', 'Pass', ['y'])], {}, thresholds);
    assert.deepEqual(
      groupScores.map((g) => [g.name, g.score]),
      [
        ['x', 0],
        ['y', 50],
      ],
    );
  });

  it('forces 0 when a critical metric does not pass', () => {
    const { score } = scoreResults([metric('a', 'Pass', ['x']), metric('b', 'High', ['x'], { critical: true }), metric('c', 'Pass', ['x'])], {}, thresholds);
    assert.deepEqual([score.score, score.classification], [0, 'Fail']);
    assert.match(score.classificationReason, /forced to 0 because critical metric b \(High\) did not pass\. b was High/);
  });

  it('forces 0 when 50 % or more of the metrics have no data', () => {
    const { score } = scoreResults([metric('a', 'Pass', ['x']), metric('b', 'Nodata', ['x'])], {}, thresholds);
    assert.deepEqual([score.score, score.classification], [0, 'Fail']);
    assert.match(score.classificationReason, /1 of 2 metrics returned no data/);
    assert.equal(scoreResults([metric('a', 'Pass', ['x']), metric('b', 'Pass', ['x']), metric('c', 'Nodata', ['x'])], {}, thresholds).score.score, 100);
  });

  it('ignores muted metrics entirely', () => {
    const { score, groupScores } = scoreResults([metric('a', 'Pass', ['x']), metric('b', 'High', ['x'], { muted: true, critical: true })], {}, thresholds);
    assert.equal(score.score, 100);
    assert.equal(groupScores[0].score, 100);
  });

  it('classifies the score by the thresholds (inclusive)', () => {
    const verdict = (passing: number, total: number) => {
      const results = Array.from({ length: total }, (_, i) => metric(`m${i}`, i < passing ? 'Pass' : 'High', [`g${i}`]));
      return scoreResults(results, {}, thresholds).score;
    };
    assert.equal(verdict(3, 4).classification, 'Pass');
    assert.equal(verdict(2, 4).classification, 'Marginal');
    assert.equal(verdict(1, 4).classification, 'Fail');
    assert.match(verdict(2, 4).classificationReason, /^Marginal: score 50 < pass threshold 75 but ≥ marginal threshold 50/);
  });

  it('rounds half up to two decimals like Kayenta', () => {
    assert.equal(roundHalfUp(1.005, 2), 1.01);
    assert.equal(roundHalfUp(66.66666666666667, 2), 66.67);
    assert.equal(roundHalfUp(12.344999, 2), 12.34);
    assert.equal(roundHalfUp(50, 2), 50);
  });
});
