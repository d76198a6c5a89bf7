/**
 * Two-sample, two-sided Mann-Whitney U (Wilcoxon rank-sum) test with the confidence interval
 * and location-shift estimate of R's
 * `wilcox.test(x, y, exact = FALSE, correct = TRUE, conf.int = TRUE, conf.level)`.
 *
 * x is the experiment (canary), y the control (baseline); the shift is x − y.
 * Two ways to place the interval (see docs/canary-judge.md):
 * - `"r"` (default): R's own procedure — `uniroot(tol = 1e-4)` on the tie-corrected,
 *   continuity-corrected standardized statistic — replayed step for step on an exactly
 *   evaluated statistic, so the numbers are R's to the last bits.
 * - `"exact"`: the step locations themselves. The statistic only changes where the shift
 *   equals a pairwise difference x_i − y_j, so each bound is the k-th smallest difference for
 *   a k found by counting, and the estimate is the Hodges–Lehmann median of the differences.
 *   R's answers lie within its root-finder tolerance of these.
 * Both are O((n + m) log(n + m)) after sorting; no n·m array is ever built.
 */

import { normalQuantile, normalUpperTail } from './normal-distribution';
import { countDifferencesAtMost, kthSmallestDifference, smallestDifferenceAbove } from './pairwise-differences';
import { rankSumAtShift, rankSumSigma, withinSampleTieTerm } from './rank-sum';
import { rUniroot } from './r-uniroot';

/** How the interval and estimate are located. */
export type IntervalMethod = 'r' | 'exact';

/** Options of {@link mannWhitney}. */
export interface MannWhitneyOptions {
  /** Two-sided confidence level of the interval; Kayenta's judge uses 0.98. Default 0.95, as in R. */
  confLevel?: number;
  /**
   * Critical value |z| that bounds the interval instead of the normal quantile of `confLevel`
   * (used by the sequential judge's repeated confidence intervals).
   */
  criticalValue?: number;
  /** Default `"r"`. */
  method?: IntervalMethod;
  /** Root-finder tolerance of the `"r"` method (R's `tol.root`). Default 1e-4. */
  tolerance?: number;
}

/** Result of {@link mannWhitney}. */
export interface MannWhitneyResult {
  /** R's W: rank sum of the experiment minus nx(nx+1)/2 (pairs where experiment > control, ties ½). */
  statistic: number;
  /** Standardized statistic with tie and continuity correction (positive: experiment higher). */
  z: number;
  /** Two-sided p-value of the normal approximation. */
  pValue: number;
  lowerConfidence: number;
  upperConfidence: number;
  /** Location shift estimate (experiment − control). */
  estimate: number;
  /** Confidence level the interval has (1 − two-sided tail of `criticalValue` when given). */
  confLevel: number;
  /** The |z| quantile that bounds the interval. */
  criticalValue: number;
  method: IntervalMethod;
}

/** Thrown when every observation has the same value: the statistic has no variance (R stops too). */
export class AllObservationsTiedError extends Error {
  constructor() {
    super('all observations are tied, so the rank-sum statistic has no variance');
    this.name = 'AllObservationsTiedError';
  }
}

/** Sorted copies of the two samples, reusable across calls. */
export interface SortedSamples {
  xs: Float64Array;
  ys: Float64Array;
}

/** Sorts copies of both samples (the only O(n log n) step). Values must be finite. */
export function sortSamples(experiment: ArrayLike<number>, control: ArrayLike<number>): SortedSamples {
  return { xs: Float64Array.from(experiment).sort(), ys: Float64Array.from(control).sort() };
}

/**
 * Runs the test on experiment (x) against control (y). Both need at least one finite value.
 * @throws AllObservationsTiedError when all values of both samples are equal.
 */
export function mannWhitney(experiment: ArrayLike<number>, control: ArrayLike<number>, options: MannWhitneyOptions = {}): MannWhitneyResult {
  return mannWhitneySorted(sortSamples(experiment, control), options);
}

/** {@link mannWhitney} on samples already sorted by {@link sortSamples}. */
export function mannWhitneySorted({ xs, ys }: SortedSamples, options: MannWhitneyOptions = {}): MannWhitneyResult {
  const nx = xs.length;
  const ny = ys.length;
  if (nx === 0 || ny === 0) throw new RangeError('both samples need at least one value');
  const method = options.method ?? 'r';
  const { lowerQuantile, upperQuantile, confLevel } = quantiles(options);

  const atZero = rankSumAtShift(xs, ys, 0);
  const statistic = atZero.rankSumX - (nx * (nx + 1)) / 2;
  const sigma = rankSumSigma(nx, ny, atZero.tieTerm);
  if (sigma === 0) throw new AllObservationsTiedError();
  const centered = statistic - (nx * ny) / 2;
  const z = (centered - Math.sign(centered) * 0.5) / sigma;
  const pValue = 2 * normalUpperTail(Math.abs(z));

  const located = method === 'exact' ? exactInterval(xs, ys, lowerQuantile, upperQuantile) : rInterval(xs, ys, lowerQuantile, upperQuantile, options.tolerance ?? 1e-4);
  return { statistic, z, pValue, ...located, confLevel, criticalValue: lowerQuantile, method };
}

/**
 * The test for two samples that are each constant (experiment all `experimentValue`, control
 * all `controlValue`, the two different). R stops here and Kayenta adds random noise; this is
 * the deterministic limit of Kayenta's procedure as the noise goes to zero: every experiment
 * value ranks above (or below) every control value with no ties, and every pairwise
 * difference, hence the interval and the estimate, is `experimentValue − controlValue`.
 */
export function mannWhitneyConstantSamples(
  experimentValue: number,
  nx: number,
  controlValue: number,
  ny: number,
  options: MannWhitneyOptions = {},
): MannWhitneyResult {
  const { lowerQuantile, confLevel } = quantiles(options);
  const statistic = experimentValue > controlValue ? nx * ny : 0;
  const centered = statistic - (nx * ny) / 2;
  const z = (centered - Math.sign(centered) * 0.5) / rankSumSigma(nx, ny, 0);
  const shift = experimentValue - controlValue;
  return {
    statistic,
    z,
    pValue: 2 * normalUpperTail(Math.abs(z)),
    lowerConfidence: shift,
    upperConfidence: shift,
    estimate: shift,
    confLevel,
    criticalValue: lowerQuantile,
    method: options.method ?? 'r',
  };
}

interface Located {
  lowerConfidence: number;
  upperConfidence: number;
  estimate: number;
}

function quantiles(options: MannWhitneyOptions): { lowerQuantile: number; upperQuantile: number; confLevel: number } {
  if (options.criticalValue !== undefined) {
    const c = options.criticalValue;
    if (!(c > 0)) throw new RangeError(`criticalValue must be positive, got ${c}`);
    return { lowerQuantile: c, upperQuantile: -c, confLevel: 1 - 2 * normalUpperTail(c) };
  }
  const confLevel = options.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1)) throw new RangeError(`confLevel must lie in (0, 1), got ${confLevel}`);
  // R computes alpha = 1 - conf.level and the two quantiles exactly like this.
  const alpha = 1 - confLevel;
  return { lowerQuantile: normalQuantile(alpha / 2, true), upperQuantile: normalQuantile(alpha / 2), confLevel };
}

/** R's `wdiff` without `zq`: the standardized statistic of x − d against y. */
function standardizedAtShift(xs: Float64Array, ys: Float64Array, d: number, correct: boolean): number {
  const nx = xs.length;
  const ny = ys.length;
  const r = rankSumAtShift(xs, ys, d);
  const dz = r.rankSumX - (nx * (nx + 1)) / 2 - (nx * ny) / 2;
  const correction = correct ? Math.sign(dz) * 0.5 : 0;
  return (dz - correction) / rankSumSigma(nx, ny, r.tieTerm);
}

function rInterval(xs: Float64Array, ys: Float64Array, lowerQuantile: number, upperQuantile: number, tolerance: number): Located {
  const muMin = xs[0] - ys[ys.length - 1];
  const muMax = xs[xs.length - 1] - ys[0];
  const corrected = (d: number) => standardizedAtShift(xs, ys, d, true);
  const atMin = corrected(muMin);
  const atMax = corrected(muMax);
  const root = (zq: number): number => {
    const fLower = atMin - zq;
    if (fLower <= 0) return muMin;
    const fUpper = atMax - zq;
    if (fUpper >= 0) return muMax;
    if (Number.isNaN(fLower) || Number.isNaN(fUpper)) throw new AllObservationsTiedError();
    return rUniroot((d) => corrected(d) - zq, muMin, muMax, fLower, fUpper, tolerance).root;
  };
  const lowerConfidence = root(lowerQuantile);
  const upperConfidence = root(upperQuantile);

  // R drops the continuity correction for the estimate and calls uniroot directly.
  const plain = (d: number) => standardizedAtShift(xs, ys, d, false);
  const fLower = plain(muMin);
  const fUpper = plain(muMax);
  if (!(muMin < muMax) || !(Math.sign(fLower) * Math.sign(fUpper) <= 0)) throw new AllObservationsTiedError();
  const estimate = rUniroot(plain, muMin, muMax, fLower, fUpper, tolerance).root;
  return { lowerConfidence, upperConfidence, estimate };
}

/**
 * Step locations of the statistic. Between consecutive pairwise differences the shifted
 * samples have no ties across them, so the statistic depends only on U(d) = #{x_i − y_j > d}
 * and the within-sample ties; it crosses a quantile where U drops to the largest count whose
 * standardized value is at or below it.
 */
function exactInterval(xs: Float64Array, ys: Float64Array, lowerQuantile: number, upperQuantile: number): Located {
  const nx = xs.length;
  const ny = ys.length;
  const total = nx * ny;
  const sigma = rankSumSigma(nx, ny, withinSampleTieTerm(xs) + withinSampleTieTerm(ys));
  const standardized = (u: number, correct: boolean) => {
    const dz = u - total / 2;
    return (dz - (correct ? Math.sign(dz) * 0.5 : 0)) / sigma;
  };
  // Largest U in [0, total] whose standardized value is ≤ zq, or −1; the value is monotone in U.
  const largestCountAtMost = (zq: number, correct: boolean): number => {
    if (standardized(0, correct) > zq) return -1;
    let lo = 0;
    let hi = total;
    while (lo < hi) {
      const mid = lo + Math.ceil((hi - lo) / 2);
      if (standardized(mid, correct) <= zq) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const bound = (zq: number): number => {
    const u = largestCountAtMost(zq, true);
    if (u < 0) return xs[nx - 1] - ys[0];
    return kthSmallestDifference(xs, ys, Math.max(1, total - u));
  };
  const k = total - Math.floor(total / 2);
  const middle = kthSmallestDifference(xs, ys, k);
  // With an even count the statistic is zero on a whole step; the Hodges–Lehmann estimate is its middle.
  const estimate = total % 2 === 1 ? middle : (middle + nextDifference(xs, ys, middle, k)) / 2;
  return { lowerConfidence: bound(lowerQuantile), upperConfidence: bound(upperQuantile), estimate };
}

/** The (k+1)-th smallest difference given the k-th. */
function nextDifference(xs: Float64Array, ys: Float64Array, kth: number, k: number): number {
  return countDifferencesAtMost(xs, ys, kth) >= k + 1 ? kth : smallestDifferenceAbove(xs, ys, kth);
}
