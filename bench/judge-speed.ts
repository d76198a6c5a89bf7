/**
 * Judge speed for n = 10^3 … 10^6 points per side, and R's wilcox.test on the same data.
 *
 *   npx tsx bench/judge-speed.ts [--r-max=100000] [--no-r]
 *
 * Data: bench/judge-data.ts (continuous latencies, experiment 0.1 % slower), so R rebuilds the
 * identical doubles from the seeds. Times are medians of several runs after a warm-up run.
 * "judge" is the whole `judge()` call (validation, preprocessing, stats, test, scoring);
 * "test" is the Mann-Whitney test alone with R's root-finder ("r") or the exact step
 * locations ("exact"). R's time is `wilcox.test(..., conf.int = TRUE)` alone, in-process.
 */

import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { judge, mannWhitney, type CanaryJudgeRequest } from '../canary';
import { generateSeries } from './judge-data';

const SIZES = [1_000, 10_000, 100_000, 1_000_000];
const args = process.argv.slice(2);
const rMax = Number(args.find((a) => a.startsWith('--r-max='))?.split('=')[1] ?? 100_000);
const withR = !args.includes('--no-r') && hasR();

function hasR(): boolean {
  try {
    execFileSync('Rscript', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

function time(repeats: number, fn: () => void): number {
  fn();
  const runs: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    fn();
    runs.push(performance.now() - start);
  }
  return median(runs);
}

function requestFor(control: Float64Array, experiment: Float64Array): CanaryJudgeRequest {
  return {
    canaryConfig: {
      name: 'bench',
      judge: { name: 'NetflixACAJudge-v1.0' },
      metrics: [{ name: 'latency', query: { type: 'bench' }, groups: ['latency'] }],
      classifier: { groupWeights: {} },
    },
    metricSetPairList: [{ name: 'latency', values: { control: Array.from(control), experiment: Array.from(experiment) } }],
    scoreThresholds: { pass: 75, marginal: 50 },
  };
}

const R_PROGRAM = `
args <- as.numeric(commandArgs(trailingOnly = TRUE))
pm <- function(seed, n) { out <- numeric(n); s <- seed
  for (i in seq_len(n)) { s <- (16807 * s) %% 2147483647; out[i] <- s }
  out / 2147483647 }
gen <- function(seed, n, scale) { u <- pm(seed, n); (50 + 950 * u * u * u) * scale }
x <- gen(args[1], args[3], args[4]); y <- gen(args[2], args[3], 1)
t <- system.time(wilcox.test(x, y, exact = FALSE, correct = TRUE, conf.int = TRUE, conf.level = 0.98))
cat(t[["elapsed"]] * 1000)
`;

function rMillis(n: number): number {
  return Number(execFileSync('Rscript', ['-e', R_PROGRAM, '31', '32', String(n), '1.001'], { encoding: 'utf8' }));
}

const format = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0));

process.stdout.write(`machine: ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, Node ${process.version}\n\n`);
process.stdout.write('| n per side | judge (ms) | test, R method (ms) | test, exact (ms) | R wilcox.test (ms) |\n');
process.stdout.write('|---:|---:|---:|---:|---:|\n');
for (const n of SIZES) {
  const control = generateSeries('continuous', 32, n, 1);
  const experiment = generateSeries('continuous', 31, n, 1.001);
  const repeats = n >= 1_000_000 ? 3 : n >= 100_000 ? 5 : 15;
  const request = requestFor(control, experiment);
  const judgeMs = time(repeats, () => judge(request));
  const rMethodMs = time(repeats, () => mannWhitney(experiment, control, { confLevel: 0.98 }));
  const exactMs = time(repeats, () => mannWhitney(experiment, control, { confLevel: 0.98, method: 'exact' }));
  const r = withR && n <= rMax ? format(rMillis(n)) : '—';
  process.stdout.write(`| ${n.toLocaleString('en-US')} | ${format(judgeMs)} | ${format(rMethodMs)} | ${format(exactMs)} | ${r} |\n`);
}
