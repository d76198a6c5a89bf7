import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseIsoDuration } from '../../workflows/stages/canary/duration';
import { MAX_CANARY_INTERVALS, planCanaryIntervals } from '../../workflows/stages/canary/plan';
import { appendRecord, FULL_RESULTS_KEPT, type CanaryIntervalRecord } from '../../workflows/stages/canary/interval-record';
import { readCanaryStageSettings } from '../../workflows/stages/canary/settings';
import { failsEarly, finalVerdict } from '../../workflows/stages/canary/verdict';

const MIN = 60_000;
const T0 = Date.parse('2026-11-27T10:00:00Z');
const at = (ms: number) => new Date(ms).toISOString().slice(11, 19);
const windows = (plan: ReturnType<typeof planCanaryIntervals>, side: 'control' | 'experiment') =>
  plan.intervals.map((i) => `${at(i[side].startMs)}-${at(i[side].endMs)}`);

describe('ISO-8601 durations', () => {
  it('reads hours, minutes, seconds, days, weeks and fractions', () => {
    assert.equal(parseIsoDuration('PT3H'), 3 * 60 * MIN);
    assert.equal(parseIsoDuration('PT1H30M'), 90 * MIN);
    assert.equal(parseIsoDuration('PT90S'), 90_000);
    assert.equal(parseIsoDuration('P1D'), 24 * 60 * MIN);
    assert.equal(parseIsoDuration('P1W'), 7 * 24 * 60 * MIN);
    assert.equal(parseIsoDuration('P1DT2H'), 26 * 60 * MIN);
    assert.equal(parseIsoDuration('PT0.5S'), 500);
    assert.equal(parseIsoDuration('PT1,5M'), 90_000);
    assert.equal(parseIsoDuration('pt2m'), 2 * MIN);
  });

  it('refuses what is not a fixed-length duration, naming the value', () => {
    for (const bad of ['', 'P', 'PT', '3H', 'PT-1H', 'PT1H2', 'P1DT', '1h']) {
      assert.throws(() => parseIsoDuration(bad), /is not an ISO-8601 duration/, bad);
    }
    assert.throws(() => parseIsoDuration('P1M'), /years and months have no fixed length/);
    assert.throws(() => parseIsoDuration('P1Y'), /years and months/);
  });
});

describe('canary interval planning', () => {
  it('growing windows: lifetime ÷ interval intervals, each from the analysis start to its end', () => {
    const plan = planCanaryIntervals({ lifetimeMs: 60 * MIN, intervalMs: 20 * MIN }, T0);
    assert.equal(plan.intervals.length, 3);
    assert.deepEqual(windows(plan, 'experiment'), ['10:00:00-10:20:00', '10:00:00-10:40:00', '10:00:00-11:00:00']);
    assert.deepEqual(windows(plan, 'control'), windows(plan, 'experiment'));
    assert.deepEqual(plan.intervals.map((i) => at(i.judgeAtMs!)), ['10:20:00', '10:40:00', '11:00:00']);
    assert.deepEqual(plan.intervals.map((i) => i.index), [1, 2, 3]);
    assert.equal(plan.warmupUntilMs, undefined);
  });

  it('sliding windows: lookbackMins before each interval end', () => {
    const plan = planCanaryIntervals({ lifetimeMs: 60 * MIN, intervalMs: 20 * MIN, lookbackMs: 15 * MIN }, T0);
    assert.deepEqual(windows(plan, 'experiment'), ['10:05:00-10:20:00', '10:25:00-10:40:00', '10:45:00-11:00:00']);
  });

  it('warm-up delays the first window and every judgment; nothing is judged during the warm-up', () => {
    const plan = planCanaryIntervals({ lifetimeMs: 30 * MIN, intervalMs: 10 * MIN, warmupMs: 5 * MIN }, T0);
    assert.equal(at(plan.warmupUntilMs!), '10:05:00');
    assert.deepEqual(windows(plan, 'experiment'), ['10:05:00-10:15:00', '10:05:00-10:25:00', '10:05:00-10:35:00']);
    assert.deepEqual(plan.intervals.map((i) => at(i.judgeAtMs!)), ['10:15:00', '10:25:00', '10:35:00']);
  });

  it('baselineAnalysisOffsetInMins shifts only the control window back', () => {
    const plan = planCanaryIntervals({ lifetimeMs: 20 * MIN, intervalMs: 10 * MIN, baselineOffsetMs: 60 * MIN, lookbackMs: 10 * MIN }, T0);
    assert.deepEqual(windows(plan, 'experiment'), ['10:00:00-10:10:00', '10:10:00-10:20:00']);
    assert.deepEqual(windows(plan, 'control'), ['09:00:00-09:10:00', '09:10:00-09:20:00']);
  });

  it('no interval, a zero interval or one longer than the lifetime → one interval over the lifetime', () => {
    for (const intervalMs of [undefined, 0, 90 * MIN]) {
      const plan = planCanaryIntervals({ lifetimeMs: 60 * MIN, intervalMs }, T0);
      assert.deepEqual(windows(plan, 'experiment'), ['10:00:00-11:00:00'], String(intervalMs));
    }
  });

  it('a remainder shorter than an interval is dropped (Orca divides whole intervals)', () => {
    assert.equal(planCanaryIntervals({ lifetimeMs: 65 * MIN, intervalMs: 20 * MIN }, T0).intervals.length, 3);
  });

  it('fractional minutes (seconds in tests) divide exactly despite floating point', () => {
    const plan = planCanaryIntervals({ lifetimeMs: 18_000, intervalMs: Math.round(0.1 * MIN) }, T0);
    assert.equal(plan.intervals.length, 3);
    assert.equal(plan.intervals[2].experiment.endMs - T0, 18_000);
  });

  it('retrospective: startTimeIso/endTimeIso windows, no waits, no warm-up', () => {
    const start = T0 - 60 * MIN;
    const plan = planCanaryIntervals({ startTimeMs: start, endTimeMs: T0, intervalMs: 30 * MIN, warmupMs: 5 * MIN }, T0);
    assert.deepEqual(windows(plan, 'experiment'), ['09:00:00-09:30:00', '09:00:00-10:00:00']);
    assert.ok(plan.intervals.every((i) => i.judgeAtMs === undefined));
    assert.equal(plan.warmupUntilMs, undefined);
  });

  it('is deterministic: the same inputs give the same plan', () => {
    const timing = { lifetimeMs: 3 * 60 * MIN, intervalMs: 15 * MIN, lookbackMs: 30 * MIN, warmupMs: 10 * MIN, baselineOffsetMs: 5 * MIN };
    assert.deepEqual(planCanaryIntervals(timing, T0), planCanaryIntervals(timing, T0));
    assert.equal(planCanaryIntervals(timing, T0).intervals.length, 12);
  });

  it('refuses plans it cannot run, naming the field', () => {
    assert.throws(() => planCanaryIntervals({}, T0), /lifetimeDuration/);
    assert.throws(() => planCanaryIntervals({ lifetimeMs: 0 }, T0), /lifetimeDuration must be positive/);
    assert.throws(() => planCanaryIntervals({ lifetimeMs: MIN, warmupMs: -1 }, T0), /beginCanaryAnalysisAfterMins/);
    assert.throws(() => planCanaryIntervals({ endTimeMs: T0 }, T0), /startTimeIso/);
    assert.throws(() => planCanaryIntervals({ startTimeMs: T0, endTimeMs: T0 - 1 }, T0), /after startTimeIso/);
    assert.throws(() => planCanaryIntervals({ lifetimeMs: (MAX_CANARY_INTERVALS + 1) * 1000, intervalMs: 1000 }, T0), /exceed the limit/);
  });
});

describe('canary stage settings', () => {
  const base = {
    canaryConfig: {
      canaryConfigId: 'cfg-1',
      scopes: [{ controlScope: 'app-baseline', experimentScope: 'app-canary', step: 10 }],
      lifetimeDuration: 'PT1H',
      canaryAnalysisIntervalMins: '15',
    },
  };

  it("reads Spinnaker's fields with Orca's defaults (numbers may be strings, as Deck writes them)", () => {
    const s = readCanaryStageSettings(base);
    assert.equal(s.canaryConfigId, 'cfg-1');
    assert.deepEqual(s.scoreThresholds, { pass: 75, marginal: 50 });
    assert.equal(s.stepSeconds, 10);
    assert.equal(s.scopes[0].scopeName, 'default');
    assert.deepEqual(s.timing, {
      lifetimeMs: 60 * MIN,
      intervalMs: 15 * MIN,
      warmupMs: undefined,
      lookbackMs: undefined,
      baselineOffsetMs: undefined,
      startTimeMs: undefined,
      endTimeMs: undefined,
    });
  });

  it('accepts lifetimeHours (older pipelines) and fractional minutes', () => {
    const s = readCanaryStageSettings({ canaryConfig: { ...base.canaryConfig, lifetimeDuration: undefined, lifetimeHours: 2, canaryAnalysisIntervalMins: 0.05 } });
    assert.equal(s.timing.lifetimeMs, 2 * 60 * MIN);
    assert.equal(s.timing.intervalMs, 3000);
  });

  it('names the field that is wrong', () => {
    const bad = (canaryConfig: Record<string, unknown>, pattern: RegExp) =>
      assert.throws(() => readCanaryStageSettings({ canaryConfig: { ...base.canaryConfig, ...canaryConfig } }), pattern);
    bad({ canaryConfigId: undefined }, /canaryConfigId \(or an inlineConfig\) is required/);
    bad({ lifetimeDuration: 'three hours' }, /lifetimeDuration: 'three hours' is not an ISO-8601 duration/);
    bad({ canaryAnalysisIntervalMins: 'often' }, /canaryAnalysisIntervalMins must be a number/);
    bad({ scoreThresholds: { pass: 50, marginal: 75 } }, /marginal \(75\) must not exceed pass \(50\)/);
    bad({ scopes: [] }, /at least one scope/);
    bad({ scopes: [{ controlScope: 'a' }] }, /scopes\[0\] needs controlScope and experimentScope/);
  });
});

describe('canary verdicts (Orca)', () => {
  const t = { pass: 75, marginal: 50 };
  it('fails early at or below marginal', () => {
    assert.equal(failsEarly(50, t), true);
    assert.equal(failsEarly(50.01, t), false);
  });
  it('judges the last score: ≥ pass succeeds, between fails as Marginal, ≤ marginal fails', () => {
    assert.deepEqual([finalVerdict(75, t).status, finalVerdict(75, t).overallResult], ['SUCCEEDED', 'Pass']);
    assert.deepEqual([finalVerdict(74.9, t).status, finalVerdict(74.9, t).overallResult], ['TERMINAL', 'Marginal']);
    assert.deepEqual([finalVerdict(50, t).status, finalVerdict(50, t).overallResult], ['TERMINAL', 'Fail']);
    assert.match(finalVerdict(100, t).canaryScoreMessage, /met or exceeded the pass score threshold/);
  });
});

describe('interval records in the stage context', () => {
  it(`keep every interval's per-metric verdicts, and whole judge results for the latest ${FULL_RESULTS_KEPT} only`, () => {
    const records: CanaryIntervalRecord[] = [];
    for (let i = 1; i <= FULL_RESULTS_KEPT + 3; i++) {
      appendRecord(records, { interval: i, metrics: [{ name: 'm', classification: 'Pass', critical: false }], judgeResult: {} } as CanaryIntervalRecord);
    }
    assert.equal(records.length, FULL_RESULTS_KEPT + 3);
    assert.deepEqual(records.map((r) => r.judgeResult !== undefined).lastIndexOf(false), 2);
    assert.ok(records.slice(3).every((r) => r.judgeResult) && records.every((r) => r.metrics.length === 1));
  });
});
