/**
 * The Wilcoxon rank-sum statistic of `x − shift` against `y`, computed by merging two sorted
 * samples in O(n + m) instead of ranking the combined sample, with the tie term R uses.
 *
 * Everything here is exact: ranks are multiples of ½ and their sums stay far below 2^53, and
 * the tie term Σ(t³ − t) is summed the way R sums it (each term a double, accumulated in
 * extended precision) so the result is the double R would compute.
 */

/** Rank statistics of one shifted comparison. */
export interface RankSumAtShift {
  /** Sum of the average ranks of the `x − shift` values in the combined sample. */
  rankSumX: number;
  /** Σ (t³ − t) over groups of tied values in the combined sample. */
  tieTerm: number;
}

// Below this every t³ − t and every partial sum is an exact integer in a double.
const SAFE_TIE_SUM = 2 ** 52;

/**
 * Ranks `x − shift` (element-wise, rounded to doubles as R's `x - d` is) together with `y`.
 * Both arrays must be sorted ascending; subtracting a constant keeps `x` sorted.
 */
export function rankSumAtShift(xs: Float64Array, ys: Float64Array, shift: number): RankSumAtShift {
  const nx = xs.length;
  const ny = ys.length;
  let i = 0;
  let j = 0;
  let twiceRankSum = 0;
  let tieTerm = 0;
  let bigTieTerm: bigint | null = null;
  let xv = nx > 0 ? xs[0] - shift : Infinity;
  while (i < nx || j < ny) {
    const yv = j < ny ? ys[j] : Infinity;
    const v = i < nx && xv <= yv ? xv : yv;
    const before = i + j;
    let a = 0;
    while (i < nx && xv === v) {
      a++;
      i++;
      xv = i < nx ? xs[i] - shift : Infinity;
    }
    let b = 0;
    while (j < ny && ys[j] === v) {
      b++;
      j++;
    }
    const t = a + b;
    // The group occupies ranks before+1 … before+t; twice its average rank is 2·before + t + 1.
    if (a > 0) twiceRankSum += a * (2 * before + t + 1);
    if (t > 1) {
      if (bigTieTerm === null && t < 131072 && tieTerm < SAFE_TIE_SUM) {
        tieTerm += t * t * t - t;
      } else {
        bigTieTerm = (bigTieTerm ?? BigInt(tieTerm)) + exactTieTerm(t);
      }
    }
  }
  return { rankSumX: twiceRankSum / 2, tieTerm: bigTieTerm === null ? tieTerm : Number(bigTieTerm) };
}

/** One tie group's t³ − t as R computes it: t³ rounded to a double, then minus t in doubles. */
function exactTieTerm(t: number): bigint {
  const cube = Number(BigInt(t) ** 3n);
  return BigInt(cube - t);
}

/** Σ (t³ − t) over tie groups inside one sorted sample (no shift, no other sample). */
export function withinSampleTieTerm(sorted: Float64Array): number {
  return rankSumAtShift(sorted, new Float64Array(0), 0).tieTerm;
}

/**
 * R's standard deviation of the rank-sum statistic under the null hypothesis, with its tie
 * correction, written in R's order of operations so the double is identical.
 */
export function rankSumSigma(nx: number, ny: number, tieTerm: number): number {
  return Math.sqrt(((nx * ny) / 12) * (nx + ny + 1 - tieTerm / ((nx + ny) * (nx + ny - 1))));
}
