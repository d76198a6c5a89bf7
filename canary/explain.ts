/**
 * Wording of verdicts: every reason names the test result, the interval, the effect size and
 * the rule that decided, in terms a release engineer can act on.
 */

import type { MannWhitneyResult } from './mann-whitney';
import type { SequentialBoundary } from './sequential';

/** What an interval sentence needs to know. */
export interface IntervalContext {
  test: MannWhitneyResult;
  /** Half-width of the tolerance band around 0 (0 for the sequential judge). */
  band: number;
  sequential?: SequentialBoundary;
}

/** Four significant digits, no trailing zeros: 0.001234, 1234, 1.235e+21. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return String(Number(v.toPrecision(4)));
}

export function formatPValue(p: number): string {
  if (p === 0) return '< 1e-300';
  return p < 1e-4 ? p.toExponential(1) : String(Number(p.toPrecision(2)));
}

function formatPercent(level: number): string {
  return `${Number((level * 100).toPrecision(4))}%`;
}

export function shiftPhrase(up: boolean): string {
  return up ? 'the canary is higher than the baseline' : 'the canary is lower than the baseline';
}

/** "The 98% confidence interval of the shift (canary − baseline) is [a, b], entirely above …; p = …." */
export function describeInterval({ test, band, sequential }: IntervalContext, relation: 'above' | 'below' | 'overlap'): string {
  const interval = `[${formatNumber(test.lowerConfidence)}, ${formatNumber(test.upperConfidence)}]`;
  if (sequential) {
    const crossing = relation === 'overlap' ? 'stays within' : 'is beyond';
    const plan = `O'Brien–Fleming alpha spending, α = ${formatNumber(sequential.alpha)} over all looks`;
    return (
      `Mann-Whitney z = ${formatNumber(test.z)} ${crossing} the boundary ±${formatNumber(sequential.boundary)} of look ${sequential.look} of ${sequential.totalLooks} ` +
      `(${plan}; nominal p = ${formatPValue(test.pValue)}). The repeated confidence interval of the shift (canary − baseline) at that boundary is ${interval}.`
    );
  }
  const bandText = `the tolerance band ±${formatNumber(band)} (¼ of the estimated shift ${formatNumber(test.estimate)})`;
  const where = relation === 'overlap' ? `reaches into ${bandText}` : `lies entirely ${relation} ${bandText}`;
  return `The ${formatPercent(test.confLevel)} confidence interval of the shift (canary − baseline) is ${interval} and ${where}; Mann-Whitney p = ${formatPValue(test.pValue)}.`;
}
