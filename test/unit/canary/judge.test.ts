import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InvalidCanaryRequestError, judge, sequentialBoundary, type CanaryJudgeRequest } from '../../../canary';
import { FIXTURES } from './reference';
import { request, spread } from './requests';

const checkout = JSON.parse(readFileSync(join(FIXTURES, 'request-checkout.json'), 'utf8')) as CanaryJudgeRequest;

describe('judge', () => {
  it("returns Kayenta's result shape", () => {
    const result = judge(checkout);
    assert.equal(result.judgeName, 'NetflixACAJudge-v1.0');
    assert.deepEqual(
      result.results.map((r) => [r.name, r.classification]),
      [
        ['latency_p99', 'Pass'],
        ['latency_p50', 'High'],
        ['error_rate', 'Pass'],
        ['cpu', 'NodataFailMetric'],
      ],
    );
    const p50 = result.results[1];
    assert.deepEqual(Object.keys(p50.experimentMetadata.stats).sort(), ['count', 'max', 'mean', 'min', 'std']);
    for (const key of ['ratio', 'estimate', 'lowerConfidence', 'upperConfidence', 'pValue'] as const) assert.equal(typeof p50.resultMetadata[key], 'number');
    assert.deepEqual(p50.tags, {});
    assert.equal(p50.id, 'm2');
    assert.deepEqual(
      result.groupScores.map((g) => [g.name, g.score, g.classification]),
      [
        ['latency', 50, 'Marginal'],
        ['errors', 100, 'Pass'],
        ['system', 0, 'Fail'],
      ],
    );
    // latency 50 × 60 % + errors 100 × 30 % + system 0 × 10 %
    assert.deepEqual([result.score.score, result.score.classification], [60, 'Marginal']);
    for (const r of [...result.results, ...result.groupScores, result.score]) assert.ok(r.classificationReason.length > 20);
  });

  it('is deterministic and does not modify its input', () => {
    const copy = structuredClone(checkout);
    assert.deepEqual(judge(checkout), judge(copy));
    assert.deepEqual(copy, checkout);
  });

  it('reports configured metrics that got no data as Nodata', () => {
    const req = request([
      { name: 'a', control: spread(20, 10), experiment: spread(20, 10.1) },
      { name: 'b', control: spread(20, 10), experiment: spread(20, 10) },
      { name: 'c', control: spread(20, 10), experiment: spread(20, 10) },
    ]);
    req.metricSetPairList = req.metricSetPairList.slice(0, 2);
    const result = judge(req);
    assert.deepEqual(result.results.map((r) => [r.name, r.classification]).at(-1), ['c', 'Nodata']);
    assert.equal(result.score.score, 100);
  });

  it('fails the canary when too many metrics have no data', () => {
    const result = judge(request([
      { name: 'a', control: spread(20, 10), experiment: spread(20, 10.1) },
      { name: 'b', control: [], experiment: [null] },
    ]));
    assert.deepEqual([result.score.score, result.score.classification], [0, 'Fail']);
  });

  it('fails the canary on a critical regression whatever the other metrics say', () => {
    const metrics = Array.from({ length: 9 }, (_, i) => ({ name: `ok${i}`, control: spread(30, 10), experiment: spread(30, 10) }));
    const result = judge(request([...metrics, { name: 'latency', control: spread(30, 10), experiment: spread(30, 20), canary: { critical: true } }]));
    assert.deepEqual([result.score.score, result.score.classification], [0, 'Fail']);
    assert.match(result.score.classificationReason, /critical metric latency \(High\)/);
  });

  it('takes thresholds from the request, then the config, then 75/50', () => {
    const spec = [
      { name: 'a', control: spread(30, 10), experiment: spread(30, 20), groups: ['x'] },
      { name: 'b', control: spread(30, 10), experiment: spread(30, 10), groups: ['y'] },
    ];
    const req = request(spec);
    assert.equal(judge(req).score.classification, 'Marginal');
    req.scoreThresholds = { pass: 50, marginal: 25 };
    assert.equal(judge(req).score.classification, 'Pass');
    delete req.scoreThresholds;
    req.canaryConfig.classifier = { groupWeights: {}, scoreThresholds: { pass: 90, marginal: 60 } };
    assert.equal(judge(req).score.classification, 'Fail');
  });

  it('throws with every problem when the request is invalid', () => {
    const bad = structuredClone(checkout) as unknown as { scoreThresholds: unknown };
    bad.scoreThresholds = { pass: 'high' };
    assert.throws(
      () => judge(bad as unknown as CanaryJudgeRequest),
      (error: unknown) => error instanceof InvalidCanaryRequestError && error.problems.map((p) => p.path).join() === 'scoreThresholds.pass,scoreThresholds.marginal',
    );
  });

  // Speed is measured by bench/judge-speed.ts (BENCHMARKS.md), not asserted here: timings flake.
  it('judges 10^5 points per side', () => {
    const control = Array.from({ length: 100_000 }, (_, i) => 100 + ((i * 7919) % 1000) / 10);
    const experiment = control.map((v) => v * 1.001);
    const result = judge(request([{ name: 'latency', control, experiment }]));
    assert.equal(result.results[0].experimentMetadata.stats.count, 100_000);
    assert.equal(result.results[0].controlMetadata.stats.count, 100_000);
  });
});

describe('sequential judge', () => {
  const spec = [{ name: 'latency', control: spread(60, 100, 10), experiment: spread(60, 103, 10) }];

  it('widens the interval to the look’s boundary and reports it', () => {
    const req = { ...request(spec, { judgeName: 'GennakerSequential' }), sequential: { look: 2, totalLooks: 10 } };
    const result = judge(req);
    const boundary = sequentialBoundary(2, 10, 0.02);
    assert.equal(result.judgeName, 'GennakerSequential');
    assert.deepEqual(result.sequential, boundary);
    const kayenta = judge(request(spec)).results[0].resultMetadata;
    const seq = result.results[0].resultMetadata;
    assert.equal(seq.sequentialBoundary, boundary.boundary);
    assert.ok(seq.lowerConfidence! < kayenta.lowerConfidence! && seq.upperConfidence! > kayenta.upperConfidence!);
    assert.equal(seq.pValue, kayenta.pValue);
    assert.match(result.results[0].classificationReason, /z = .* stays within the boundary ±.* of look 2 of 10 .*repeated confidence interval/);
    assert.match(result.score.classificationReason, /Sequential judge, look 2 of 10/);
  });

  it('does not let a borderline single-look High through at an early look', () => {
    const borderline = [{ name: 'latency', control: spread(60, 100, 10), experiment: spread(60, 104.5, 10) }];
    assert.equal(judge(request(borderline)).results[0].classification, 'High');
    const early = judge({ ...request(borderline, { judgeName: 'GennakerSequential' }), sequential: { look: 1, totalLooks: 10 } });
    assert.equal(early.results[0].classification, 'Pass');
  });

  it('equals the Kayenta judge with one look at α = 0.02', () => {
    const seq = judge({ ...request(spec, { judgeName: 'GennakerSequential' }), sequential: { look: 1, totalLooks: 1 } });
    const fixed = judge(request(spec));
    assert.deepEqual(
      [seq.results[0].resultMetadata.lowerConfidence, seq.results[0].resultMetadata.upperConfidence],
      [fixed.results[0].resultMetadata.lowerConfidence, fixed.results[0].resultMetadata.upperConfidence],
    );
  });

  it('ignores the sequential plan under the Kayenta judge', () => {
    const result = judge({ ...request(spec), sequential: { look: 1, totalLooks: 10 } });
    assert.equal(result.sequential, undefined);
    assert.equal(result.results[0].resultMetadata.sequentialBoundary, undefined);
  });
});
