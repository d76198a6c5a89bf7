/**
 * Deterministic test data shared by the judge benchmarks, the R reference generator
 * (scripts/gen-canary-reference.R implements the same recipe) and the reference tests.
 *
 * A Park–Miller stream and only correctly rounded arithmetic (+, −, ×, ÷, floor), so R and
 * JavaScript produce the very same doubles and a 10^6-point case needs no stored data.
 */

/** Shapes of generated series: continuous latencies, integer latencies (ties), sparse error rates. */
export type SeriesKind = 'continuous' | 'ties' | 'errors';

/** n uniform numbers in (0, 1) from the Park–Miller minimal standard generator. */
export function parkMillerUniforms(seed: number, n: number): Float64Array {
  const out = new Float64Array(n);
  let state = seed;
  for (let i = 0; i < n; i++) {
    // 16807 · state < 2^46, so the product and the remainder are exact in doubles.
    state = (16807 * state) % 2147483647;
    out[i] = state / 2147483647;
  }
  return out;
}

/** A series of `kind`, every value multiplied by `scale` (scale > 1 makes a regression). */
export function generateSeries(kind: SeriesKind, seed: number, n: number, scale: number): Float64Array {
  const u = parkMillerUniforms(seed, n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = u[i];
    const base = kind === 'continuous' ? 50 + 950 * v * v * v : kind === 'ties' ? Math.floor(50 + 950 * v * v * v) : Math.floor(v * v * v * 5) / 1000;
    out[i] = base * scale;
  }
  return out;
}
