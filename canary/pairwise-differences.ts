/**
 * Order statistics of the n·m pairwise differences x_i − y_j without materialising them.
 *
 * With both samples sorted ascending, x_i − y_j grows with i and shrinks with j, so the number
 * of differences at or below any value can be counted with one two-pointer pass in O(n + m).
 * Selecting the k-th smallest difference is then a search on value: bisect until few enough
 * candidates remain between the bounds, then pick among those. Every difference is the double
 * `x_i − y_j` as computed in floating point (the same rounding everywhere), so the answer is
 * one of those doubles exactly.
 */

/** Number of pairs with x_i − y_j ≤ v. Both arrays sorted ascending. */
export function countDifferencesAtMost(xs: Float64Array, ys: Float64Array, v: number): number {
  const ny = ys.length;
  let j = 0;
  let count = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    while (j < ny && !(x - ys[j] <= v)) j++;
    count += ny - j;
  }
  return count;
}

/**
 * The k-th smallest (1-based) of the differences x_i − y_j, counting multiplicity.
 * Runs O(log) counting passes of O(n + m) each, then a selection among at most
 * `max(n + m, 4096)` remaining candidates.
 */
export function kthSmallestDifference(xs: Float64Array, ys: Float64Array, k: number): number {
  const nx = xs.length;
  const ny = ys.length;
  const total = nx * ny;
  if (!(k >= 1 && k <= total) || !Number.isInteger(k)) throw new RangeError(`k = ${k} is outside 1…${total}`);
  const smallest = xs[0] - ys[ny - 1];
  let lo = smallest;
  let countLo = countDifferencesAtMost(xs, ys, lo);
  if (countLo >= k) return smallest;
  let hi = xs[nx - 1] - ys[0];
  let countHi = total;
  const enumerateLimit = Math.max(nx + ny, 4096);
  let useBits = false;
  for (;;) {
    const candidates = countHi - countLo;
    if (candidates <= enumerateLimit) return selectAmongCandidates(xs, ys, lo, hi, candidates, k - countLo);
    let pivot = useBits ? bitMidpoint(lo, hi) : lo / 2 + hi / 2;
    if (!(pivot > lo && pivot < hi)) pivot = bitMidpoint(lo, hi);
    // No double lies strictly between lo and hi, so the k-th difference is hi itself.
    if (!(pivot > lo && pivot < hi)) return hi;
    const count = countDifferencesAtMost(xs, ys, pivot);
    // A value midpoint that removes less than a quarter of the candidates means they cluster
    // (e.g. values spanning many orders of magnitude): halve the range of doubles instead.
    const removed = count >= k ? countHi - count : count - countLo;
    useBits = removed < candidates / 4;
    if (count >= k) {
      hi = pivot;
      countHi = count;
    } else {
      lo = pivot;
      countLo = count;
    }
  }
}

/**
 * The smallest difference strictly greater than `v` (Infinity when none), in one pass:
 * for each x_i it is x_i − y_j at the last j whose difference still exceeds `v`.
 */
export function smallestDifferenceAbove(xs: Float64Array, ys: Float64Array, v: number): number {
  const ny = ys.length;
  let j = 0;
  let best = Infinity;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    while (j < ny && !(x - ys[j] <= v)) j++;
    if (j > 0) {
      const d = x - ys[j - 1];
      if (d < best) best = d;
    }
  }
  return best;
}

/** Collects the differences in (lo, hi] and returns the rank-th smallest of them. */
function selectAmongCandidates(xs: Float64Array, ys: Float64Array, lo: number, hi: number, size: number, rank: number): number {
  const values = new Float64Array(size);
  const ny = ys.length;
  let jHi = 0;
  let jLo = 0;
  let n = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    while (jHi < ny && !(x - ys[jHi] <= hi)) jHi++;
    while (jLo < ny && !(x - ys[jLo] <= lo)) jLo++;
    for (let j = jHi; j < jLo; j++) values[n++] = x - ys[j];
  }
  return quickSelect(values, rank - 1);
}

/** The element that would sit at `index` if `values` were sorted (rearranges `values`). */
function quickSelect(values: Float64Array, index: number): number {
  let left = 0;
  let right = values.length - 1;
  let rounds = 0;
  while (right > left) {
    if (++rounds > 64) {
      // Pathological pivots: finish with a sort of what is left, still O(n log n).
      const rest = values.subarray(left, right + 1).sort();
      return rest[index - left];
    }
    const mid = left + ((right - left) >> 1);
    const pivot = medianOfThree(values[left], values[mid], values[right]);
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i] = values[j];
        values[j] = t;
        i++;
        j--;
      }
    }
    if (index <= j) right = j;
    else if (index >= i) left = i;
    else return values[index];
  }
  return values[index];
}

function medianOfThree(a: number, b: number, c: number): number {
  if (a < b) return b < c ? b : a < c ? c : a;
  return a < c ? a : b < c ? c : b;
}

/** The double halfway between lo and hi in the ordering of all doubles (not by value). */
function bitMidpoint(lo: number, hi: number): number {
  const a = orderedKey(lo);
  const b = orderedKey(hi);
  return fromOrderedKey(a + (b - a) / 2n);
}

const scratch = new DataView(new ArrayBuffer(8));
const SIGN = 1n << 63n;

function orderedKey(v: number): bigint {
  scratch.setFloat64(0, v);
  const bits = scratch.getBigUint64(0);
  // Negative doubles order in reverse of their bit patterns; map all to one increasing scale.
  return bits & SIGN ? SIGN - 1n - (bits ^ SIGN) : bits + SIGN;
}

function fromOrderedKey(key: bigint): number {
  const bits = key >= SIGN ? key - SIGN : (SIGN - 1n - key) | SIGN;
  scratch.setBigUint64(0, bits);
  return scratch.getFloat64(0);
}
