/**
 * The expression evaluator's worst case under its budgets: time and memory of the most expensive
 * expressions we can construct for each budget (steps, scan, size, regular expressions), each run
 * until its budget stops it, and of a workflow task that exhausts its shared budget. Baseline in
 * the same run: a trivial and a typical expression.
 *
 *   npx tsx bench/expression-worst-case.ts
 *
 * "cold" runs each case alone in a fresh Node process (first call: nothing compiled by the JIT
 * yet, the slowest it gets) and reports that process's peak RSS above a baseline process that
 * evaluates `1 + 1`; "warm" is the median of 5 runs after 2 warm-up runs in this process.
 */

import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { evaluateExpression, ExpressionBudget, ExpressionError, type ExpressionContext } from '../workflows/expressions';
import { REGEX_WORK_BUDGET } from '../workflows/expressions/limits';
import type { PipelineExecution } from '../workflows/model/execution';

const big = 'x'.repeat(1_000_000);
const a10k = 'a'.repeat(10_000);
const execution: PipelineExecution = {
  id: 'bench',
  type: 'PIPELINE',
  application: 'bench',
  name: 'bench',
  pipelineConfigId: 'bench',
  status: 'RUNNING',
  buildTime: 0,
  canceled: false,
  trigger: { type: 'manual', user: 'bench', parameters: { env: 'prod' } },
  stages: [{ id: 's1', refId: '1', name: 'Bake', type: 'wait', status: 'SUCCEEDED', requisiteStageRefIds: [], context: { image: 'shop:1.2.3' }, outputs: { tags: ['a', 'b'] } }],
  variables: {
    big,
    a10k,
    list: Array.from({ length: 1000 }, (_, i) => i),
    words: Array.from({ length: 1000 }, (_, i) => `word-${i}`),
    doc: Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`key${i}`, { name: `n${i}`, tags: ['x', 'y'] }])),
  },
};

/** Regular expressions whose per-character cost on RE2 is highest among those we tried, with the input length that just fits the budget. */
const REGEX_CASES: [string, string][] = [
  ['(?:a|aa)*b', 'matches'],
  ['(.*a){20}', 'matches'],
  ['[\\s\\S]*?b', 'split'],
  ['(?:a|aa)*b', 'split'],
  ['a*', 'replaceAll'],
  ['(.*a){20}', 'replaceAll'],
];

function regexCase(pattern: string, method: string, length: number): string {
  const call = method === 'matches' ? `matches('${pattern}')` : method === 'split' ? `split('${pattern}').size()` : `replaceAll('${pattern}', 'z').length()`;
  return `a10k.substring(0, ${length}).${call}`;
}

/** The longest input the regular-expression budget lets this pattern run on. */
function longestWithinBudget(pattern: string, method: string): number {
  let low = 1;
  let high = 10_000;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fails(regexCase(pattern, method, mid))) high = mid - 1;
    else low = mid;
  }
  return low;
}

function fails(source: string): boolean {
  try {
    evaluateExpression(source, { execution });
    return false;
  } catch (error) {
    return error instanceof ExpressionError && error.kind === 'budget';
  }
}

const CASES: Record<string, string> = {
  'baseline: 1 + 1': '1 + 1',
  "baseline: typical (#stage, ?:, matches, +)": "#stage('Bake').context.image matches 'shop:\\d+\\.\\d+\\.\\d+' ? 'v' + #stage('Bake').outputs.tags.size() : parameters.env ?: 'none'",
  'steps: list.![list.![#this]]': 'list.![list.![#this]]',
  'steps: words.![words.?[#this == \'x\']]': "words.![words.?[#this == 'x']]",
  'scan: list.![big.equalsIgnoreCase(big)] (1M chars)': 'list.![big.equalsIgnoreCase(big)]',
  "scan: list.![big.indexOf('y')]": "list.![big.indexOf('y')]",
  'scan: list.![doc == #root.doc]': 'list.![doc == #root.doc]',
  'size: {1} then 24 × .![{#this,#this}] (copied)': `{1}${'.![{#this,#this}]'.repeat(24)}`,
  "size: '<10k>'.split('').![#root]": 'a10k.split(\'\').![#root]',
  'size: list.![big.substring(1)]': 'list.![big.substring(1)]',
  'size: list.![#toJson(doc)]': 'list.![#toJson(doc)]',
  'size: list.![#readJson(#toJson(words))]': 'list.![#readJson(#toJson(words))]',
  'regex: compile many large patterns': "words.![#this matches ('(?:a|b|c|d){0,120}' + #this)]",
};

type Figures = { ms: number; error: string };

function runOnce(source: string, ctx: ExpressionContext = { execution }): Figures {
  const started = performance.now();
  let error = '';
  try {
    evaluateExpression(source, ctx);
  } catch (caught) {
    error = (caught as Error).message.replace(/^.*': /s, '');
  }
  return { ms: performance.now() - started, error };
}

/** A workflow task evaluating the worst expressions until the task's shared budget stops it. */
function workflowTask(sources: string[]): { ms: number; evaluated: number } {
  const budget = ExpressionBudget.forWorkflowTask();
  const started = performance.now();
  let evaluated = 0;
  for (let round = 0; round < 20; round += 1) {
    for (const source of sources) {
      evaluated += 1;
      const { error } = runOnce(source, { execution, budget });
      if (/workflow task/.test(error)) return { ms: performance.now() - started, evaluated };
    }
  }
  return { ms: performance.now() - started, evaluated };
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[values.length >> 1];
}

function cold(source: string): { ms: number; rssMiB: number; error: string } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', __filename, '--cold', source], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out) as { ms: number; rssMiB: number; error: string };
}

function main(): void {
  const args = process.argv.slice(2);
  if (args[0] === '--cold') {
    const figures = runOnce(args[1]);
    process.stdout.write(JSON.stringify({ ...figures, rssMiB: process.resourceUsage().maxRSS / 1024 }));
    return;
  }
  const regexSources = REGEX_CASES.map(([pattern, method]) => {
    const length = longestWithinBudget(pattern, method);
    return [`regex: ${method} '${pattern}' on ${length} chars (budget ${REGEX_WORK_BUDGET})`, regexCase(pattern, method, length)] as const;
  });
  const cases = [...Object.entries(CASES), ...regexSources];
  const baseRss = cold('1 + 1').rssMiB;
  process.stdout.write(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; baseline process peak RSS ${baseRss.toFixed(0)} MiB\n\n`);
  process.stdout.write('| case | cold ms | warm ms (median of 5) | peak RSS above baseline (MiB) | stopped by |\n|---|---:|---:|---:|---|\n');
  for (const [name, source] of cases) {
    const first = cold(source);
    runOnce(source);
    runOnce(source);
    const warm = median(Array.from({ length: 5 }, () => runOnce(source).ms));
    const stopped = first.error === '' ? '(fits its budgets)' : first.error.slice(0, 90);
    process.stdout.write(`| ${name} | ${first.ms.toFixed(1)} | ${warm.toFixed(1)} | ${(first.rssMiB - baseRss).toFixed(0)} | ${stopped} |\n`);
  }
  const worst = cases.filter(([name]) => !name.startsWith('baseline')).map(([, source]) => source);
  const task = workflowTask(worst);
  process.stdout.write(`\nOne workflow task evaluating these in turn until its shared budget stops it: ${task.evaluated} expressions, ${task.ms.toFixed(0)} ms (warm)\n`);
}

main();
