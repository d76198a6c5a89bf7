/**
 * Effect sizes Kayenta gates its High/Low classification on.
 */

/** Which effect size a metric's thresholds refer to. */
export type EffectSizeMeasure = 'meanRatio' | 'cles';

/**
 * Experiment mean ÷ control mean. NaN when either mean is 0 (Kayenta's rule: the ratio then
 * says nothing, and the effect-size gate is skipped).
 */
export function meanRatio(controlMean: number, experimentMean: number): number {
  if (controlMean === 0 || experimentMean === 0) return NaN;
  return experimentMean / controlMean;
}

/**
 * Common-language effect size (Vargha & Delaney's A): the probability that a random
 * experiment point exceeds a random control point, ties counting ½. It is the Mann-Whitney
 * statistic W divided by the number of pairs.
 */
export function commonLanguageEffectSize(statisticW: number, nx: number, ny: number): number {
  return statisticW / (nx * ny);
}
