/**
 * Group-sequential boundaries for checking a canary at every interval without inflating the
 * false-alarm rate: Lan–DeMets alpha spending with the O'Brien–Fleming-type function, two-sided
 * and symmetric (each side spends α/2 by 2 − 2Φ(z_{α/4} / √t), as in R's ldbounds and gsDesign),
 * at equally spaced looks t_k = k/K.
 *
 * Under "no difference" the standardized statistics Z_1 … Z_K of a growing sample behave like
 * a Brownian motion observed at t_k (Z_k = B(t_k)/√t_k). Boundary c_k is chosen so that the
 * probability of first crossing ±c_k at look k equals α(t_k) − α(t_{k−1}); summed over all
 * looks the chance of any false alarm is α. The crossing probabilities are computed by the
 * recursive numerical integration of Armitage, McPherson & Rowe (1969), as in Jennison &
 * Turnbull, "Group Sequential Methods" (2000), ch. 19, with Simpson's rule.
 */

import { normalQuantile, normalUpperTail } from './normal-distribution';

/** The boundary that applies at one look, and how it was derived. */
export interface SequentialBoundary {
  look: number;
  totalLooks: number;
  /** Two-sided false-alarm rate over all looks. */
  alpha: number;
  /** t = look / totalLooks. */
  informationFraction: number;
  /** α(t): the false-alarm probability spent up to and including this look. */
  alphaSpent: number;
  /** |z| at or beyond which this look signals a difference. */
  boundary: number;
  /** Nominal two-sided level of a single test at this boundary, 2·(1 − Φ(boundary)). */
  nominalAlpha: number;
  spending: 'lan-demets-obrien-fleming';
}

/** Default overall two-sided α: the 2 % Kayenta's 98 % interval spends at each single look. */
export const DEFAULT_SEQUENTIAL_ALPHA = 0.02;

/**
 * Lan–DeMets O'Brien–Fleming-type spending: the two-sided α spent by information fraction t,
 * 4·(1 − Φ(z_{α/4} / √t)) (α/2 on each side), which reaches α at t = 1.
 */
export function obrienFlemingSpending(t: number, alpha: number): number {
  if (t <= 0) return 0;
  if (t >= 1) return alpha;
  return 4 * normalUpperTail(normalQuantile(alpha / 4, true) / Math.sqrt(t));
}

/** The boundary for `look` of `totalLooks` at overall level `alpha`. */
export function sequentialBoundary(look: number, totalLooks: number, alpha = DEFAULT_SEQUENTIAL_ALPHA): SequentialBoundary {
  if (!Number.isInteger(look) || !Number.isInteger(totalLooks) || look < 1 || look > totalLooks) {
    throw new RangeError(`look must be an integer in 1…totalLooks, got look ${look} of ${totalLooks}`);
  }
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must lie in (0, 1), got ${alpha}`);
  const boundary = groupSequentialBoundaries(totalLooks, alpha, look)[look - 1];
  return {
    look,
    totalLooks,
    alpha,
    informationFraction: look / totalLooks,
    alphaSpent: obrienFlemingSpending(look / totalLooks, alpha),
    boundary,
    nominalAlpha: 2 * normalUpperTail(boundary),
    spending: 'lan-demets-obrien-fleming',
  };
}

const cache = new Map<string, number[]>();

/**
 * Boundaries c_1 … c_upTo for `totalLooks` equally spaced looks (memoized: a canary asks for
 * the same design at every interval).
 */
export function groupSequentialBoundaries(totalLooks: number, alpha: number, upTo = totalLooks): number[] {
  const key = `${totalLooks}:${alpha}`;
  const known = cache.get(key) ?? [];
  if (known.length >= upTo) return known.slice(0, upTo);
  const computed = computeBoundaries(totalLooks, alpha, upTo);
  cache.set(key, computed);
  return computed;
}

/** Sub-density of B(t_k) on the continuation region, sampled on a Simpson grid. */
interface GridDensity {
  points: Float64Array;
  /** density × Simpson weight × spacing, so sums approximate integrals. */
  mass: Float64Array;
}

function computeBoundaries(totalLooks: number, alpha: number, upTo: number): number[] {
  const boundaries: number[] = [];
  let spent = 0;
  let density: GridDensity | null = null;
  for (let k = 1; k <= upTo; k++) {
    const t = k / totalLooks;
    const tPrev = (k - 1) / totalLooks;
    const target = obrienFlemingSpending(t, alpha) - spent;
    let c: number;
    if (density === null) {
      // First look: P(|Z_1| ≥ c) = α(t_1) has a closed form.
      c = Math.min(normalQuantile(target / 2, true), MAX_BOUNDARY);
    } else {
      const sd = Math.sqrt(t - tPrev);
      const prior: GridDensity = density;
      const exit = (cz: number) => exitProbability(prior, cz * Math.sqrt(t), sd);
      c = solveDecreasing(exit, target);
    }
    boundaries.push(c);
    spent = obrienFlemingSpending(t, alpha);
    if (k < upTo) {
      // B(t) has standard deviation √t, so nothing beyond ±10√t carries measurable mass.
      const b = Math.min(c, 10) * Math.sqrt(t);
      density = density === null ? initialDensity(b, Math.sqrt(t)) : propagate(density, b, Math.sqrt(t - tPrev));
    }
  }
  return boundaries;
}

// A boundary no statistic can reach: used when a look has (numerically) no α to spend.
const MAX_BOUNDARY = 40;

// Beyond this many standard deviations a Gaussian step contributes below 1e-17.
const KERNEL_REACH = 8.5;

/** Probability mass that moves from the continuation region to beyond ±b in one step of sd. */
function exitProbability(prior: GridDensity, b: number, sd: number): number {
  let total = 0;
  for (let i = 0; i < prior.points.length; i++) {
    const s = prior.points[i];
    if (b - Math.abs(s) > KERNEL_REACH * sd) continue;
    total += prior.mass[i] * (normalUpperTail((b - s) / sd) + normalUpperTail((b + s) / sd));
  }
  return total;
}

/** The c with f(c) = target for f decreasing on [0, MAX_BOUNDARY]. */
function solveDecreasing(f: (c: number) => number, target: number): number {
  let lo = 0;
  let hi = MAX_BOUNDARY;
  if (!(target > 0)) return hi;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function gridFor(b: number, sd: number): { points: Float64Array; weights: Float64Array } {
  // Spacing of an eighth of the step's standard deviation keeps Simpson's rule accurate to ~1e-8.
  let intervals = Math.min(4000, Math.max(200, Math.ceil((2 * b) / (sd / 8))));
  if (intervals % 2 === 1) intervals++;
  const h = (2 * b) / intervals;
  const points = new Float64Array(intervals + 1);
  const weights = new Float64Array(intervals + 1);
  for (let i = 0; i <= intervals; i++) {
    points[i] = -b + i * h;
    const simpson = i === 0 || i === intervals ? 1 : i % 2 === 1 ? 4 : 2;
    weights[i] = (simpson * h) / 3;
  }
  return { points, weights };
}

const INV_SQRT_2PI = 0.3989422804014327;

function initialDensity(b: number, sd: number): GridDensity {
  const { points, weights } = gridFor(b, sd);
  const mass = points.map((s, i) => (weights[i] * INV_SQRT_2PI * Math.exp(-0.5 * (s / sd) ** 2)) / sd);
  return { points, mass };
}

function propagate(prior: GridDensity, b: number, sd: number): GridDensity {
  const { points, weights } = gridFor(b, sd);
  const mass = new Float64Array(points.length);
  const from = prior.points;
  const spacing = from.length > 1 ? from[1] - from[0] : 1;
  const reach = Math.ceil((KERNEL_REACH * sd) / spacing);
  for (let j = 0; j < points.length; j++) {
    // Only prior points within the kernel's reach of points[j] contribute.
    const centre = Math.round((points[j] - from[0]) / spacing);
    const first = Math.max(0, centre - reach);
    const last = Math.min(from.length - 1, centre + reach);
    let density = 0;
    for (let i = first; i <= last; i++) {
      const u = (points[j] - from[i]) / sd;
      density += prior.mass[i] * Math.exp(-0.5 * u * u);
    }
    mass[j] = (weights[j] * density * INV_SQRT_2PI) / sd;
  }
  return { points, mass };
}
