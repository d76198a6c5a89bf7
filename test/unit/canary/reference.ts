/**
 * Loads the R reference vectors (test/fixtures/canary/wilcox-reference.json, written by
 * scripts/gen-canary-reference.R) and rebuilds the data of generated cases.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSeries, type SeriesKind } from '../../../bench/judge-data';

interface GeneratedSide {
  seed: number;
  n: number;
  scale: number;
}

/** One `wilcox.test(experiment, control, exact = FALSE, correct = TRUE, conf.int = TRUE)` call. */
export interface WilcoxCase {
  name: string;
  confLevel: number;
  experiment?: (number | null)[];
  control?: (number | null)[];
  generator?: { kind: SeriesKind; experiment: GeneratedSide; control: GeneratedSide };
  pValue: number;
  statistic: number;
  lower: number;
  upper: number;
  estimate: number;
}

export interface Reference {
  rVersion: string;
  cases: WilcoxCase[];
  qnorm: { p: number; lower: number; upper: number }[];
  pnorm: { x: number; upper: number }[];
  quantile: { values: number[]; p1: number; p25: number; p75: number; p99: number }[];
}

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'canary');

export function loadReference(): Reference {
  return JSON.parse(readFileSync(join(FIXTURES, 'wilcox-reference.json'), 'utf8')) as Reference;
}

/** The case's samples with R's NA (null) dropped, as R drops them. */
export function caseData(c: WilcoxCase): { experiment: Float64Array; control: Float64Array } {
  if (c.generator) {
    const { kind, experiment, control } = c.generator;
    return {
      experiment: generateSeries(kind, experiment.seed, experiment.n, experiment.scale),
      control: generateSeries(kind, control.seed, control.n, control.scale),
    };
  }
  const clean = (v: (number | null)[] = []) => Float64Array.from(v.filter((x): x is number => x !== null));
  return { experiment: clean(c.experiment), control: clean(c.control) };
}

/** |actual − expected| / |expected|, 0 when both are equal. */
export function relativeError(actual: number, expected: number): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), Number.MIN_VALUE);
}
