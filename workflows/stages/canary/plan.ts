/**
 * Interval planning of the `kayentaCanary` stage, as Orca's `RunCanaryIntervalsStage` does it:
 * all intervals are planned up front from the stage's start time, so every window is fixed before
 * the first timer starts (a replayed or restarted workflow computes the same plan). Pure and
 * deterministic: safe in the workflow sandbox.
 */

/** The timing fields of a canary stage, in milliseconds. */
export interface CanaryTiming {
  /** `lifetimeDuration` (or `lifetimeHours`); not needed when `endTimeMs` is set. */
  lifetimeMs?: number;
  /** `canaryAnalysisIntervalMins`; absent, zero or above the lifetime → one interval. */
  intervalMs?: number;
  /** `beginCanaryAnalysisAfterMins`: warm-up before the first window opens. */
  warmupMs?: number;
  /** `lookbackMins`: 0 = growing windows from the analysis start; > 0 = sliding windows of this length. */
  lookbackMs?: number;
  /** `baselineAnalysisOffsetInMins`: the control window is shifted back by this much. */
  baselineOffsetMs?: number;
  /** The first scope's `startTimeIso`: windows start there instead of at the stage start. */
  startTimeMs?: number;
  /** The first scope's `endTimeIso`: a retrospective analysis, judged at once without waiting. */
  endTimeMs?: number;
}

/** A time window `[startMs, endMs]`. */
export interface TimeWindow {
  startMs: number;
  endMs: number;
}

/** One planned interval. */
export interface PlannedInterval {
  /** 1-based, as in Orca's "Run Canary #i". */
  index: number;
  /** When the interval is judged (its window end); undefined for a retrospective analysis. */
  judgeAtMs?: number;
  control: TimeWindow;
  experiment: TimeWindow;
}

/** The whole plan of a canary stage. */
export interface CanaryPlan {
  lifetimeMs: number;
  intervalMs: number;
  /** When the warm-up ends (only when there is one to wait for). */
  warmupUntilMs?: number;
  intervals: PlannedInterval[];
}

/** More intervals than this would outgrow a workflow history; the stage refuses to start. */
export const MAX_CANARY_INTERVALS = 1000;

function nonNegative(name: string, value: number | undefined): number {
  const v = value ?? 0;
  if (!Number.isFinite(v) || v < 0) throw new Error(`${name} must be a non-negative number, not ${String(value)}`);
  return v;
}

/**
 * Plans the intervals of a canary started at `nowMs` (the workflow's deterministic clock).
 * Real time: window i (1-based) ends at start + warm-up + i·interval and is judged then; it starts
 * at start + warm-up (growing) or lookback before its end (sliding). Retrospective (`endTimeMs`):
 * windows start at `startTimeMs`, no warm-up wait, judged at once.
 * @throws Error with a message naming the field when the timing cannot be planned.
 */
export function planCanaryIntervals(timing: CanaryTiming, nowMs: number): CanaryPlan {
  const warmupMs = nonNegative('beginCanaryAnalysisAfterMins', timing.warmupMs);
  const lookbackMs = nonNegative('lookbackMins', timing.lookbackMs);
  const offsetMs = nonNegative('baselineAnalysisOffsetInMins', timing.baselineOffsetMs);
  const retrospective = timing.endTimeMs !== undefined;
  if (retrospective && timing.startTimeMs === undefined) throw new Error('a scope with endTimeIso needs startTimeIso too');
  const anchorMs = timing.startTimeMs ?? nowMs;

  const lifetimeMs = retrospective ? timing.endTimeMs! - anchorMs : timing.lifetimeMs;
  if (lifetimeMs === undefined) throw new Error('the canary needs lifetimeDuration (e.g. PT1H) or scopes with startTimeIso and endTimeIso');
  if (!Number.isFinite(lifetimeMs) || lifetimeMs <= 0) {
    throw new Error(retrospective ? 'endTimeIso must be after startTimeIso' : `lifetimeDuration must be positive, not ${lifetimeMs} ms`);
  }
  let intervalMs = nonNegative('canaryAnalysisIntervalMins', timing.intervalMs);
  if (intervalMs === 0 || intervalMs > lifetimeMs) intervalMs = lifetimeMs;

  // A tiny tolerance so e.g. 0.1 min × 3 is not one millisecond short of a 18 s lifetime.
  const count = Math.floor(lifetimeMs / intervalMs + 1e-9);
  if (count > MAX_CANARY_INTERVALS) {
    throw new Error(`${count} intervals (lifetime ÷ canaryAnalysisIntervalMins) exceed the limit of ${MAX_CANARY_INTERVALS}: use a longer interval`);
  }

  const firstStartMs = retrospective ? anchorMs : anchorMs + warmupMs;
  const intervals: PlannedInterval[] = [];
  for (let index = 1; index <= count; index++) {
    const endMs = firstStartMs + index * intervalMs;
    const startMs = lookbackMs > 0 ? endMs - lookbackMs : firstStartMs;
    intervals.push({
      index,
      judgeAtMs: retrospective ? undefined : endMs,
      experiment: { startMs, endMs },
      control: { startMs: startMs - offsetMs, endMs: endMs - offsetMs },
    });
  }
  return { lifetimeMs, intervalMs, warmupUntilMs: !retrospective && warmupMs > 0 ? anchorMs + warmupMs : undefined, intervals };
}
