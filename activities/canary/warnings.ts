import type { CanaryJudgeResult } from '../../canary/judge';

/** Baseline points below which Orca warns that the score is less reliable. */
export const FEW_POINTS = 50;

/** Orca's warning when a baseline series is short (its `getResultWarnings`), naming the metrics. */
export function fewPointsWarning(result: CanaryJudgeResult): string | undefined {
  const short = result.results.filter((m) => m.controlMetadata.stats.count < FEW_POINTS);
  if (!short.length) return undefined;
  return `${short.map((m) => `'${m.name}'`).join(', ')} returned fewer than ${FEW_POINTS} baseline data points, which can reduce confidence in the canary score`;
}
