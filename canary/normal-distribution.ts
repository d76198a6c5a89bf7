/**
 * Standard normal tail probability and quantile, accurate to the last bits of a double.
 *
 * `simple-statistics` ships table-based approximations (about 7 digits); matching R's
 * `wilcox.test` to 1e-9 needs the algorithms R itself uses: Cody's rational Chebyshev
 * approximations for the distribution function (ACM TOMS Algorithm 715, 1993) and
 * Wichura's AS 241 (Applied Statistics 37, 1988) for the quantile. The quantile must be
 * the same double R computes, because it steers the root-finder that places the interval.
 */

const SQRT_32 = 5.656854249492380195206754896838;
const ONE_OVER_SQRT_2PI = 0.398942280401432677939946059934;

// Cody (1993), |x| <= qnorm(3/4): erf-type rational function.
const A = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113];
const B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
// Cody (1993), qnorm(3/4) < |x| <= sqrt(32).
const C = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711,
  6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
];
const D = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091,
  34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
];
// Cody (1993), asymptotic range |x| > sqrt(32).
const P = [0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303];
const Q = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5];

/** exp(-x²/2) computed without cancellation: x is split so x² is exact in its high part. */
function gaussianFactor(x: number): number {
  const xsq = Math.trunc(x * 16) / 16;
  const del = (x - xsq) * (x + xsq);
  return Math.exp(-xsq * xsq * 0.5) * Math.exp(-del * 0.5);
}

/**
 * Upper tail P(Z > x) of the standard normal distribution (R's `pnorm(x, lower.tail = FALSE)`).
 * Relative accuracy is near machine precision in both tails; it underflows to 0 beyond x ≈ 37.5.
 */
export function normalUpperTail(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  let lower: number;
  let upper: number;
  if (y <= 0.67448975) {
    let xnum = 0;
    let xden = 0;
    if (y > Number.EPSILON * 0.5) {
      const xsq = x * x;
      xnum = A[4] * xsq;
      xden = xsq;
      for (let i = 0; i < 3; i++) {
        xnum = (xnum + A[i]) * xsq;
        xden = (xden + B[i]) * xsq;
      }
    }
    const temp = (x * (xnum + A[3])) / (xden + B[3]);
    return 0.5 - temp;
  } else if (y <= SQRT_32) {
    let xnum = C[8] * y;
    let xden = y;
    for (let i = 0; i < 7; i++) {
      xnum = (xnum + C[i]) * y;
      xden = (xden + D[i]) * y;
    }
    lower = gaussianFactor(y) * ((xnum + C[7]) / (xden + D[7]));
    upper = 1 - lower;
  } else if (y < 37.5193) {
    const xsq = 1 / (x * x);
    let xnum = P[5] * xsq;
    let xden = xsq;
    for (let i = 0; i < 4; i++) {
      xnum = (xnum + P[i]) * xsq;
      xden = (xden + Q[i]) * xsq;
    }
    let temp = (xsq * (xnum + P[4])) / (xden + Q[4]);
    temp = (ONE_OVER_SQRT_2PI - temp) / y;
    lower = gaussianFactor(x) * temp;
    upper = 1 - lower;
  } else {
    lower = 0;
    upper = 1;
  }
  // `lower` holds the tail on the side of -|x|.
  return x > 0 ? lower : upper;
}

/** Lower tail P(Z ≤ x) of the standard normal distribution (R's `pnorm(x)`). */
export function normalLowerTail(x: number): number {
  return normalUpperTail(-x);
}

/**
 * Natural logarithm rounded to the nearest double, computed in double-double arithmetic
 * (about 32 digits) before the final rounding.
 * `Math.log` may be one unit in the last place off the C library's answer, and R's quantile
 * starts from `log(p)`; a last-bit difference there would steer the interval's root-finder
 * differently from R's.
 */
function correctlyRoundedLog(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return Math.log(x);
  let exponent = 0;
  let m = x;
  if (m < 2 ** -1000) {
    m *= 2 ** 100;
    exponent -= 100;
  }
  const e = Math.floor(Math.log2(m));
  m /= 2 ** e;
  exponent += e;
  // Guard against log2 rounding: bring m into [1, 2), then into [√½, √2).
  while (m >= 2) {
    m /= 2;
    exponent++;
  }
  while (m < 1) {
    m *= 2;
    exponent--;
  }
  if (m > Math.SQRT2) {
    m /= 2;
    exponent++;
  }
  // log m = 2 atanh(s), s = (m − 1)/(m + 1), summed as a double-double series.
  const den = twoSum(m, 1);
  const s = ddDivide([m - 1, 0], den);
  const s2 = ddMultiply(s, s);
  let term = s;
  let sum = s;
  for (let k = 3; k < 200; k += 2) {
    term = ddMultiply(term, s2);
    const piece = ddDivide(term, [k, 0]);
    sum = ddAdd(sum, piece);
    if (Math.abs(piece[0]) < 1e-34 * Math.abs(sum[0])) break;
  }
  const logM: DoubleDouble = [2 * sum[0], 2 * sum[1]];
  const total = ddAdd(ddMultiply([exponent, 0], LN2), logM);
  return total[0] + total[1];
}

type DoubleDouble = [number, number];
const LN2: DoubleDouble = [0.6931471805599453, 2.3190468138462996e-17];

function twoSum(a: number, b: number): DoubleDouble {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

function split(a: number): DoubleDouble {
  const c = 134217729 * a;
  const hi = c - (c - a);
  return [hi, a - hi];
}

function twoProduct(a: number, b: number): DoubleDouble {
  const p = a * b;
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

function ddAdd(a: DoubleDouble, b: DoubleDouble): DoubleDouble {
  const [s, e] = twoSum(a[0], b[0]);
  return quickTwoSum(s, e + a[1] + b[1]);
}

function ddMultiply(a: DoubleDouble, b: DoubleDouble): DoubleDouble {
  const [p, e] = twoProduct(a[0], b[0]);
  return quickTwoSum(p, e + a[0] * b[1] + a[1] * b[0]);
}

function ddDivide(a: DoubleDouble, b: DoubleDouble): DoubleDouble {
  const q1 = a[0] / b[0];
  const r = ddAdd(a, ddMultiply([-q1, 0], b));
  const q2 = r[0] / b[0];
  const r2 = ddAdd(r, ddMultiply([-q2, 0], b));
  return ddAdd(quickTwoSum(q1, q2), [r2[0] / b[0], 0]);
}

function quickTwoSum(a: number, b: number): DoubleDouble {
  const s = a + b;
  return [s, b - (s - a)];
}

/**
 * Standard normal quantile (R's `qnorm(p)`, Wichura's AS 241), so that
 * `normalQuantile(p)` is the same double R prints for `qnorm(p)`.
 * `upperTail: true` gives R's `qnorm(p, lower.tail = FALSE)`.
 */
export function normalQuantile(p: number, upperTail = false): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return upperTail ? Infinity : -Infinity;
  if (p === 1) return upperTail ? -Infinity : Infinity;
  // R works with the lower-tail probability p_ but takes logs of the original p to keep precision.
  const pLower = upperTail ? 0.5 - p + 0.5 : p;
  const q = pLower - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r + 45921.953931549871457) * r +
          13731.693765509461125) *
          r +
          1971.5909503065514427) *
          r +
          133.14166789178437745) *
          r +
          3.387132872796366608)) /
      (((((((r * 5226.495278852854561 + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r +
        5394.1960214247511077) *
        r +
        687.1870074920579083) *
        r +
        42.313330701600911252) *
        r +
        1)
    );
  }
  const tail = q > 0 ? (upperTail ? p : 0.5 - p + 0.5) : pLower;
  let r = Math.sqrt(-correctlyRoundedLog(tail));
  let val: number;
  if (r <= 5) {
    r += -1.6;
    val =
      (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r + 1.27045825245236838258) * r +
        3.64784832476320460504) *
        r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r + 0.14810397642748007459) * r +
        0.68976733498510000455) *
        r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1);
  } else {
    r += -5;
    val =
      (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r + 0.026532189526576123093) * r +
        0.29656057182850489123) *
        r +
        1.7848265399172913358) *
        r +
        5.4637849111641143699) *
        r +
        6.6579046435011037772) /
      (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r +
        0.0148753612908506148525) *
        r +
        0.13692988092273580531) *
        r +
        0.59983220655588793769) *
        r +
        1);
  }
  return q < 0 ? -val : val;
}
