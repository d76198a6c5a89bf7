import type { CanaryIntervalResult } from '../../../activities/canary/types';
import type { PlannedInterval, TimeWindow } from './plan';

/**
 * One judged interval as the stage context shows it (`context.intervalStageResults[]`), named after
 * Orca's per-interval "Run Canary #i" stages (`canaryScore`, `lastUpdated`, `warnings`).
 */
export interface CanaryIntervalRecord {
  name: string;
  interval: number;
  totalIntervals: number;
  canaryScore: number;
  classification: string;
  classificationReason: string;
  controlWindow: { startTimeIso: string; endTimeIso: string };
  experimentWindow: { startTimeIso: string; endTimeIso: string };
  /** Each metric's verdict, kept for every interval. */
  metrics: { name: string; classification: string; critical: boolean }[];
  /**
   * Kayenta's judge result (per-metric reasons, test figures and stats, group scores, score); kept
   * for the latest {@link FULL_RESULTS_KEPT} intervals only, so a canary of hundreds of intervals
   * keeps its execution document (and query answers) small.
   */
  judgeResult?: CanaryIntervalResult['judgeResult'];
  warnings: string[];
  lastUpdated: number;
  lastUpdatedIso: string;
}

/** How many of the latest intervals keep their whole judge result in the stage context. */
export const FULL_RESULTS_KEPT = 50;

function iso(window: TimeWindow) {
  return { startTimeIso: new Date(window.startMs).toISOString(), endTimeIso: new Date(window.endMs).toISOString() };
}

/** The record of an interval judged at `nowMs` (the workflow clock). */
export function intervalRecord(interval: PlannedInterval, totalIntervals: number, result: CanaryIntervalResult, nowMs: number): CanaryIntervalRecord {
  const { score } = result.judgeResult;
  return {
    name: `Run Canary #${interval.index}`,
    interval: interval.index,
    totalIntervals,
    canaryScore: score.score,
    classification: score.classification,
    classificationReason: score.classificationReason,
    controlWindow: iso(interval.control),
    experimentWindow: iso(interval.experiment),
    metrics: result.judgeResult.results.map((m) => ({ name: m.name, classification: m.classification, critical: m.critical })),
    judgeResult: result.judgeResult,
    warnings: result.warnings,
    lastUpdated: nowMs,
    lastUpdatedIso: new Date(nowMs).toISOString(),
  };
}

/** Appends a record, dropping the whole judge result of the record that falls out of the window. */
export function appendRecord(records: CanaryIntervalRecord[], record: CanaryIntervalRecord): void {
  records.push(record);
  const old = records[records.length - 1 - FULL_RESULTS_KEPT];
  if (old) delete old.judgeResult;
}

/** "Canary interval 3/12: score 100 (Pass)" — the Web UI's current details. */
export function intervalSummary(record: CanaryIntervalRecord): string {
  return `Canary interval ${record.interval}/${record.totalIntervals}: score ${record.canaryScore} (${record.classification})`;
}
