/**
 * The root-finder R's `uniroot` runs (Brent's method in the Forsythe–Malcolm–Moler `zeroin`
 * form, R's `R_zeroin2`), reproduced step for step in double precision.
 *
 * R's `wilcox.test` places its confidence interval and location estimate with `uniroot(…,
 * tol = 1e-4)` on a step function. The answer is therefore not the step location itself but
 * wherever this iteration stops within `tol` of it; to give the same numbers as R we run the
 * very same iteration (same arithmetic, same order of operations, same stopping rule) on an
 * exactly evaluated step function.
 */

/** Outcome of {@link rUniroot}. */
export interface UnirootResult {
  root: number;
  /** Function evaluations inside the iteration (the endpoints are supplied by the caller). */
  iterations: number;
  /** False when `maxIterations` ran out (R warns "_NOT_ converged"). */
  converged: boolean;
}

/**
 * Finds a sign change of `f` in [lower, upper] exactly as R's `uniroot(f, lower = lower,
 * upper = upper, f.lower = fLower, f.upper = fUpper, tol = tol)` does.
 * The caller guarantees `fLower` and `fUpper` have opposite signs (or one is zero).
 */
export function rUniroot(
  f: (x: number) => number,
  lower: number,
  upper: number,
  fLower: number,
  fUpper: number,
  tol: number,
  maxIterations = 1000,
): UnirootResult {
  let a = lower;
  let b = upper;
  let fa = fLower;
  let fb = fUpper;
  let c = a;
  let fc = fa;
  if (fa === 0) return { root: a, iterations: 0, converged: true };
  if (fb === 0) return { root: b, iterations: 0, converged: true };

  for (let iteration = 0; iteration <= maxIterations; iteration++) {
    const prevStep = b - a;
    if (Math.abs(fc) < Math.abs(fb)) {
      // Keep b the best approximation: rotate a <- b <- c <- a.
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tolAct = 2 * Number.EPSILON * Math.abs(b) + tol / 2;
    let newStep = (c - b) / 2;
    if (Math.abs(newStep) <= tolAct || fb === 0) {
      return { root: b, iterations: iteration, converged: true };
    }

    if (Math.abs(prevStep) >= tolAct && Math.abs(fa) > Math.abs(fb)) {
      const cb = c - b;
      let p: number;
      let q: number;
      if (a === c) {
        // Two distinct points: secant step.
        const t1 = fb / fa;
        p = cb * t1;
        q = 1.0 - t1;
      } else {
        // Inverse quadratic interpolation through a, b, c.
        q = fa / fc;
        const t1 = fb / fc;
        const t2 = fb / fa;
        p = t2 * (cb * q * (q - t1) - (b - a) * (t1 - 1.0));
        q = (q - 1.0) * (t1 - 1.0) * (t2 - 1.0);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (p < 0.75 * cb * q - Math.abs(tolAct * q) / 2 && p < Math.abs((prevStep * q) / 2)) {
        newStep = p / q;
      }
    }

    if (Math.abs(newStep) < tolAct) newStep = newStep > 0 ? tolAct : -tolAct;
    a = b;
    fa = fb;
    b += newStep;
    fb = f(b);
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
    }
  }
  return { root: b, iterations: maxIterations + 1, converged: false };
}
