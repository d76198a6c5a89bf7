/**
 * Simulation: how often a canary stage that judges at every interval fails a good canary
 * (A/A: control and experiment from one distribution), and how often it catches a 10 %
 * latency regression — Kayenta's judge at every look versus the sequential judge.
 *
 *   npx tsx bench/sequential-sim.ts [--runs=2000] [--sweep-runs=1000] [--looks=10] [--per-look=30] [--seed=42]
 *
 * Each run draws lognormal latencies (median 100 ms, σ = 0.5 on the log scale), `per-look`
 * new points per side per interval, and judges the growing window at every look, as
 * Spinnaker's canary stage does with its default (growing) scopes. The stage fails at the
 * first interval whose score is ≤ marginal; with one metric that is any High or Low. The
 * PRNG is a seeded xoshiro128**, so the table is reproducible. A second table keeps the 300
 * points per side but varies how often they are judged (A/A only).
 */

import { judge, type CanaryJudgeRequest } from '../canary';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const RUNS = Number(args.get('runs') ?? 2000);
const LOOKS = Number(args.get('looks') ?? 10);
const PER_LOOK = Number(args.get('per-look') ?? 30);
const SEED = Number(args.get('seed') ?? 42);

/** xoshiro128** (Blackman & Vigna): small, fast, and good enough for simulation. */
function xoshiro128(seed: number): () => number {
  // splitmix32 expands the seed into the four words of state.
  let s = seed >>> 0;
  const next32 = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const state = [next32(), next32(), next32(), next32()];
  return () => {
    const result = Math.imul(rotl(Math.imul(state[1], 5), 7), 9) >>> 0;
    const t = state[1] << 9;
    state[2] ^= state[0];
    state[3] ^= state[1];
    state[1] ^= state[2];
    state[0] ^= state[3];
    state[2] ^= t;
    state[3] = rotl(state[3], 11);
    return (result + 0.5) / 2 ** 32;
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

function lognormalSeries(random: () => number, n: number, median: number, sigma: number): number[] {
  const out: number[] = [];
  while (out.length < n) {
    // Box–Muller: two uniforms give two independent standard normals.
    const r = Math.sqrt(-2 * Math.log(random()));
    const angle = 2 * Math.PI * random();
    out.push(median * Math.exp(sigma * r * Math.cos(angle)), median * Math.exp(sigma * r * Math.sin(angle)));
  }
  return out.slice(0, n);
}

/** A judge setting under test: Kayenta's, or the sequential judge at some overall α. */
interface Mode {
  label: string;
  alpha?: number;
}

const KAYENTA: Mode = { label: 'Kayenta (98 % interval + ¼ band at every look)' };
const SEQUENTIAL: Mode = { label: 'GennakerSequential, α = 0.02 over all looks', alpha: 0.02 };
const SEQUENTIAL_STRICT: Mode = { label: 'GennakerSequential, α = 0.01 over all looks', alpha: 0.01 };

function requestFor(mode: Mode, control: number[], experiment: number[], look: number, looks: number): CanaryJudgeRequest {
  return {
    canaryConfig: {
      name: 'sim',
      judge: { name: mode.alpha === undefined ? 'NetflixACAJudge-v1.0' : 'GennakerSequential' },
      metrics: [{ name: 'latency', query: { type: 'sim' }, groups: ['latency'] }],
      classifier: { groupWeights: {} },
    },
    metricSetPairList: [{ name: 'latency', values: { control, experiment } }],
    scoreThresholds: { pass: 75, marginal: 50 },
    ...(mode.alpha === undefined ? {} : { sequential: { look, totalLooks: looks, alpha: mode.alpha } }),
  };
}

/** The look at which the stage fails (1-based), or 0 when the canary passes all looks. */
function runStage(mode: Mode, control: number[], experiment: number[], looks: number, perLook: number): number {
  for (let look = 1; look <= looks; look++) {
    const n = look * perLook;
    const score = judge(requestFor(mode, control.slice(0, n), experiment.slice(0, n), look, looks)).score.score;
    // Spinnaker fails the stage at any interval scoring ≤ marginal, and at the end below pass.
    if (score <= 50 || (look === looks && score < 75)) return look;
  }
  return 0;
}

interface Tally {
  failed: number;
  looks: number;
}

function simulate(modes: Mode[], regression: number, runs: number, looks: number, perLook: number): Tally[] {
  const random = xoshiro128(SEED + Math.round(regression * 1000) + looks * 7919);
  const tallies = modes.map(() => ({ failed: 0, looks: 0 }));
  for (let run = 0; run < runs; run++) {
    const control = lognormalSeries(random, looks * perLook, 100, 0.5);
    const experiment = lognormalSeries(random, looks * perLook, 100 * (1 + regression), 0.5);
    modes.forEach((mode, i) => {
      const look = runStage(mode, control, experiment, looks, perLook);
      if (look > 0) {
        tallies[i].failed++;
        tallies[i].looks += look;
      }
    });
  }
  return tallies;
}

const rate = (t: Tally, runs: number) => {
  const p = t.failed / runs;
  // Normal-approximation 95 % margin, in percentage points.
  return `${(100 * p).toFixed(1)} % ± ${(196 * Math.sqrt((p * (1 - p)) / runs)).toFixed(1)}`;
};
const meanLook = (t: Tally) => (t.failed > 0 ? (t.looks / t.failed).toFixed(1) : '—');

const started = performance.now();
const modes = [KAYENTA, SEQUENTIAL, SEQUENTIAL_STRICT];
const aa = simulate(modes, 0, RUNS, LOOKS, PER_LOOK);
const slower = simulate(modes, 0.1, RUNS, LOOKS, PER_LOOK);
process.stdout.write(`A/A and 10 % regression: ${RUNS} canaries per cell, ${LOOKS} looks, ${PER_LOOK} points per side per look (growing window), seed ${SEED}\n\n`);
process.stdout.write('| judge | A/A false-fail rate | 10 % regression detected | mean look of detection |\n|---|---:|---:|---:|\n');
modes.forEach((mode, i) => process.stdout.write(`| ${mode.label} | ${rate(aa[i], RUNS)} | ${rate(slower[i], RUNS)} | ${meanLook(slower[i])} |\n`));

// The same 300 points per side, checked more often: Kayenta's false alarms grow, the sequential judge's do not.
const SWEEP_RUNS = Number(args.get('sweep-runs') ?? Math.max(1, Math.round(RUNS / 2)));
const TOTAL = LOOKS * PER_LOOK;
process.stdout.write(`\nA/A false-fail rate by number of looks: ${SWEEP_RUNS} canaries per cell, ${TOTAL} points per side in total\n\n`);
process.stdout.write(`| looks | ${KAYENTA.label} | ${SEQUENTIAL.label} |\n|---:|---:|---:|\n`);
for (const looks of [1, 10, 30, 100].filter((k) => TOTAL % k === 0)) {
  const [kayenta, sequential] = simulate([KAYENTA, SEQUENTIAL], 0, SWEEP_RUNS, looks, TOTAL / looks);
  process.stdout.write(`| ${looks} | ${rate(kayenta, SWEEP_RUNS)} | ${rate(sequential, SWEEP_RUNS)} |\n`);
}
process.stdout.write(`\n${((performance.now() - started) / 1000).toFixed(0)} s\n`);
