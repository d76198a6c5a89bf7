import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kthSmallestDifference, mannWhitney, sortSamples } from '../../../canary';
import { caseData, loadReference, relativeError } from './reference';

const reference = loadReference();
const R_TOLERANCE = 1e-9;
const ROOT_TOL = 1e-4;

describe(`Mann-Whitney matches R (${reference.rVersion}) wilcox.test(exact = FALSE, correct = TRUE, conf.int = TRUE)`, () => {
  for (const c of reference.cases) {
    it(c.name, () => {
      const { experiment, control } = caseData(c);
      const r = mannWhitney(experiment, control, { confLevel: c.confLevel });
      assert.equal(r.statistic, c.statistic, 'W statistic');
      for (const [what, actual, expected] of [
        ['p-value', r.pValue, c.pValue],
        ['lower bound', r.lowerConfidence, c.lower],
        ['upper bound', r.upperConfidence, c.upper],
        ['estimate', r.estimate, c.estimate],
      ] as const) {
        assert.ok(relativeError(actual, expected) <= R_TOLERANCE, `${what}: got ${actual}, R says ${expected}`);
      }
    });
  }
});

describe("exact step locations lie within R's root-finder tolerance of R's answers", () => {
  for (const c of reference.cases) {
    it(c.name, () => {
      const { experiment, control } = caseData(c);
      const exact = mannWhitney(experiment, control, { confLevel: c.confLevel, method: 'exact' });
      // uniroot stops with the sign change inside [b − 2·tol_act, b + 2·tol_act], tol_act = 2ε|b| + tol/2.
      const within = (actual: number, expected: number) => Math.abs(actual - expected) <= ROOT_TOL + 4 * Number.EPSILON * Math.abs(expected);
      assert.ok(within(exact.lowerConfidence, c.lower), `lower: exact ${exact.lowerConfidence}, R ${c.lower}`);
      assert.ok(within(exact.upperConfidence, c.upper), `upper: exact ${exact.upperConfidence}, R ${c.upper}`);
      assert.equal(exact.pValue, mannWhitney(experiment, control, { confLevel: c.confLevel }).pValue);

      // The estimate's statistic is zero on a whole step when n·m is even; R may stop anywhere on it.
      const { xs, ys } = sortSamples(experiment, control);
      const total = xs.length * ys.length;
      const k = Math.ceil(total / 2);
      const low = kthSmallestDifference(xs, ys, k);
      const high = total % 2 === 0 ? kthSmallestDifference(xs, ys, k + 1) : low;
      assert.ok(c.estimate >= low - ROOT_TOL && c.estimate <= high + ROOT_TOL, `R's estimate ${c.estimate} outside [${low}, ${high}]`);
      assert.equal(exact.estimate, (low + high) / 2);
    });
  }
});
