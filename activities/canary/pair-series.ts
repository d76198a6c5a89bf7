import type { MetricSetPair } from '../../canary/config';
import type { MetricSeries } from '../metrics/types';

/** NaN and ±Inf become null: the judge's "missing point" (its nanStrategy decides what that means). */
function judgeValues(series: MetricSeries | undefined): (number | null)[] {
  return (series?.values ?? []).map((v) => (Number.isFinite(v) ? v : null));
}

function tagKey(tags: Record<string, string>): string {
  return JSON.stringify(Object.keys(tags).sort().map((k) => [k, tags[k]]));
}

/** Labels both series carry with the same value (the scope label itself differs, so it drops out). */
function commonTags(a: Record<string, string>, b: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(a).filter(([k, v]) => b[k] === v));
}

/**
 * Kayenta's metric set pairs of one metric (its `MetricSetMixerService`): a single series per side
 * is one pair, whatever its labels; several series per side (e.g. `groupByFields`) are paired by
 * equal tags, and a tag set seen on one side only gets an empty list on the other.
 */
export function pairSeries(name: string, control: MetricSeries[], experiment: MetricSeries[]): MetricSetPair[] {
  if (control.length <= 1 && experiment.length <= 1) {
    const tags = control[0] && experiment[0] ? commonTags(control[0].tags, experiment[0].tags) : (control[0] ?? experiment[0])?.tags ?? {};
    return [{ name, tags, values: { control: judgeValues(control[0]), experiment: judgeValues(experiment[0]) } }];
  }
  const keys = new Map<string, Record<string, string>>();
  const controlByKey = new Map<string, MetricSeries>();
  const experimentByKey = new Map<string, MetricSeries>();
  for (const [list, byKey] of [[control, controlByKey], [experiment, experimentByKey]] as const) {
    for (const series of list) {
      const key = tagKey(series.tags);
      keys.set(key, series.tags);
      byKey.set(key, series);
    }
  }
  return [...keys.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, tags]) => ({ name, tags, values: { control: judgeValues(controlByKey.get(key)), experiment: judgeValues(experimentByKey.get(key)) } }));
}

