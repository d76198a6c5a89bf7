/**
 * Gennaker's canary judge: Kayenta-compatible, deterministic, pure.
 * Entry point: {@link judge}. See docs/canary-judge.md.
 */

export * from './config';
export * from './judge';
export * from './classify-metric';
export * from './score';
export * from './sequential';
export * from './mann-whitney';
export * from './metric-settings';
export * from './metric-stats';
export * from './preprocess';
export * from './effect-size';
export { normalLowerTail, normalQuantile, normalUpperTail } from './normal-distribution';
export { countDifferencesAtMost, kthSmallestDifference } from './pairwise-differences';
