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
  /** Kayenta's judge result: per-metric verdicts and stats, group scores, score. */
  judgeResult: CanaryIntervalResult['judgeResult'];
  warnings: string[];
  lastUpdated: number;
  lastUpdatedIso: string;
}

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
    judgeResult: result.judgeResult,
    warnings: result.warnings,
    lastUpdated: nowMs,
    lastUpdatedIso: new Date(nowMs).toISOString(),
  };
}

/** "Canary interval 3/12: score 100 (Pass)" — the Web UI's current details. */
export function intervalSummary(record: CanaryIntervalRecord): string {
  return `Canary interval ${record.interval}/${record.totalIntervals}: score ${record.canaryScore} (${record.classification})`;
}
