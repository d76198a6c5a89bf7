/**
 * How a canary stage turns interval scores into its status, as Orca does (`MonitorKayentaCanaryTask`
 * for the early stop, `AggregateCanaryResultsTask` for the final verdict). Pure.
 */

export interface ScoreThresholds {
  pass: number;
  marginal: number;
}

/** The stage's verdict, with Spinnaker's message. */
export interface CanaryVerdict {
  status: 'SUCCEEDED' | 'TERMINAL';
  /** `Pass` (≥ pass), `Marginal` (above marginal, below pass) or `Fail` (≤ marginal). */
  overallResult: 'Pass' | 'Marginal' | 'Fail';
  canaryScoreMessage: string;
}

/** An interval at or below the marginal threshold ends the canary at once. */
export function failsEarly(score: number, thresholds: ScoreThresholds): boolean {
  return score <= thresholds.marginal;
}

/** The verdict from the last interval's score. */
export function finalVerdict(lastScore: number, thresholds: ScoreThresholds): CanaryVerdict {
  if (lastScore <= thresholds.marginal) {
    return { status: 'TERMINAL', overallResult: 'Fail', canaryScoreMessage: `Final canary score ${lastScore} is not above the marginal score threshold (${thresholds.marginal}).` };
  }
  if (lastScore < thresholds.pass) {
    return { status: 'TERMINAL', overallResult: 'Marginal', canaryScoreMessage: `Final canary score ${lastScore} is below the pass score threshold (${thresholds.pass}).` };
  }
  return { status: 'SUCCEEDED', overallResult: 'Pass', canaryScoreMessage: `Final canary score ${lastScore} met or exceeded the pass score threshold (${thresholds.pass}).` };
}
