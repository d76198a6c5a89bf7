/**
 * Kayenta's weighted-sum scorer and threshold classifier: group scores from metric
 * classifications, the weighted summary score, the rules that force it to 0, and the verdict.
 */

import { formatNumber } from './explain';
import type { MetricClassificationLabel } from './classify-metric';

/** What the scorer needs from each metric result. */
export interface ScorableResult {
  name: string;
  classification: MetricClassificationLabel;
  classificationReason: string;
  critical: boolean;
  muted: boolean;
  groups: readonly string[];
}

export type ScoreClassificationLabel = 'Pass' | 'Marginal' | 'Fail';

/** Kayenta's `CanaryJudgeGroupScore`, with a classification and reason filled in. */
export interface GroupScore {
  name: string;
  score: number;
  classification: ScoreClassificationLabel | 'Nodata';
  classificationReason: string;
}

/** Kayenta's `CanaryJudgeScore`. */
export interface SummaryScore {
  score: number;
  classification: ScoreClassificationLabel;
  classificationReason: string;
}

export interface Thresholds {
  pass: number;
  marginal: number;
}

/** At or above this share of Nodata metrics the canary fails (Kayenta's NODATA_THRESHOLD). */
export const NODATA_FAIL_PERCENT = 50;

/** Scores the results (muted ones are ignored) and classifies the summary by the thresholds. */
export function scoreResults(
  results: readonly ScorableResult[],
  groupWeights: Readonly<Record<string, number>>,
  thresholds: Thresholds,
): { groupScores: GroupScore[]; score: SummaryScore } {
  const scored = results.filter((r) => !r.muted);
  const groups = groupsOf(scored);
  const groupScores = [...groups].map(([name, members]) => scoreGroup(name, members, thresholds));

  const criticalFailures = scored.filter((r) => r.critical && r.classification !== 'Pass');
  if (criticalFailures.length > 0) {
    const names = criticalFailures.map((r) => `${r.name} (${r.classification})`).join(', ');
    const reason = `Fail: score forced to 0 because critical metric ${names} did not pass. ${criticalFailures[0].classificationReason}`;
    return { groupScores, score: { score: 0, classification: verdict(0, thresholds), classificationReason: reason } };
  }

  const nodata = scored.filter((r) => r.classification === 'Nodata');
  if (scored.length > 0 && (nodata.length / scored.length) * 100 >= NODATA_FAIL_PERCENT) {
    const reason = `Fail: score forced to 0 because ${nodata.length} of ${scored.length} metrics returned no data (${NODATA_FAIL_PERCENT}% or more): ${nodata.map((r) => r.name).join(', ')}.`;
    return { groupScores, score: { score: 0, classification: verdict(0, thresholds), classificationReason: reason } };
  }

  const { score, terms } = weightedSum(groupScores, groupWeights);
  const classification = verdict(score, thresholds);
  return { groupScores, score: { score, classification, classificationReason: summaryReason(score, classification, thresholds, terms, scored) } };
}

function groupsOf(results: readonly ScorableResult[]): Map<string, ScorableResult[]> {
  const groups = new Map<string, ScorableResult[]>();
  for (const result of results) {
    for (const group of result.groups) {
      const members = groups.get(group) ?? [];
      members.push(result);
      groups.set(group, members);
    }
  }
  return groups;
}

function scoreGroup(name: string, members: readonly ScorableResult[], thresholds: Thresholds): GroupScore {
  const counted = members.filter((m) => m.classification === 'Pass' || m.classification === 'High' || m.classification === 'Low' || m.classification === 'NodataFailMetric');
  if (counted.length === 0) {
    return {
      name,
      score: 0,
      classification: 'Nodata',
      classificationReason: `No metric in ${name} could be compared (${summarizeLabels(members)}); the group counts as 100 in the summary score.`,
    };
  }
  const passed = counted.filter((m) => m.classification === 'Pass').length;
  const score = (passed / counted.length) * 100;
  const failing = counted.filter((m) => m.classification !== 'Pass').map((m) => `${m.name} ${m.classification}`);
  const ignored = members.length - counted.length;
  return {
    name,
    score,
    classification: verdict(score, thresholds),
    classificationReason:
      `${passed} of ${counted.length} metrics passed` +
      (failing.length > 0 ? ` (${failing.join(', ')})` : '') +
      (ignored > 0 ? `; ${ignored} without data or with errors not counted` : '') +
      '.',
  };
}

function summarizeLabels(members: readonly ScorableResult[]): string {
  const counts = new Map<string, number>();
  for (const m of members) counts.set(m.classification, (counts.get(m.classification) ?? 0) + 1);
  return [...counts].map(([label, n]) => `${n} ${label}`).join(', ');
}

interface WeightedTerm {
  group: string;
  score: number;
  weight: number;
}

/** Σ groupScore × weight / 100; groups without a configured weight share what is left of 100. */
function weightedSum(groupScores: readonly GroupScore[], groupWeights: Readonly<Record<string, number>>): { score: number; terms: WeightedTerm[] } {
  const configured = Object.values(groupWeights).reduce((sum, w) => sum + w, 0);
  const unweighted = groupScores.filter((g) => !Object.hasOwn(groupWeights, g.name)).length;
  const shared = unweighted > 0 ? (100 - configured) / unweighted : 0;
  let sum = 0;
  const terms: WeightedTerm[] = [];
  for (const group of groupScores) {
    const score = group.classification === 'Nodata' ? 100 : group.score;
    const weight = Object.hasOwn(groupWeights, group.name) ? groupWeights[group.name] : shared;
    sum += score * (weight / 100);
    terms.push({ group: group.name, score, weight });
  }
  return { score: roundHalfUp(sum, 2), terms };
}

function verdict(score: number, { pass, marginal }: Thresholds): ScoreClassificationLabel {
  if (score >= pass) return 'Pass';
  if (score >= marginal) return 'Marginal';
  return 'Fail';
}

function summaryReason(score: number, label: ScoreClassificationLabel, { pass, marginal }: Thresholds, terms: readonly WeightedTerm[], scored: readonly ScorableResult[]): string {
  const rule = label === 'Pass' ? `≥ pass threshold ${pass}` : label === 'Marginal' ? `< pass threshold ${pass} but ≥ marginal threshold ${marginal}` : `< marginal threshold ${marginal}`;
  if (terms.length === 0) return `${label}: score ${score} ${rule}; no metric belongs to a group, so nothing was scored.`;
  const parts = terms.map((t) => `${t.group} ${formatNumber(t.score)} × ${formatNumber(t.weight)}%`).join(', ');
  const notPassing = scored.filter((r) => r.classification !== 'Pass').map((r) => `${r.name} ${r.classification}`);
  return `${label}: score ${score} ${rule} (weighted group scores: ${parts}).${notPassing.length > 0 ? ` Not passing: ${notPassing.join(', ')}.` : ' All metrics passed.'}`;
}

/**
 * Rounds half away from zero on the shortest decimal representation of x, as Kayenta's
 * `Precision.round(x, 2)` does through `BigDecimal(Double.toString(x))` (so 1.005 → 1.01).
 */
export function roundHalfUp(x: number, digits: number): number {
  const text = Math.abs(x).toString();
  if (text.includes('e')) return Math.round(x * 10 ** digits) / 10 ** digits;
  const [whole, fraction = ''] = text.split('.');
  if (fraction.length <= digits) return x;
  const kept = BigInt(whole + fraction.slice(0, digits));
  const rounded = fraction.charCodeAt(digits) >= '5'.charCodeAt(0) ? kept + 1n : kept;
  return (Math.sign(x) * Number(rounded)) / 10 ** digits;
}
