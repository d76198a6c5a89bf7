import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StageConfig } from '../../workflows/model/pipeline';
import { pipelineConfig, result, stage, startPipeline } from '../helpers/pipelines';
import { startTestWorker, type TestWorker } from '../helpers/worker';

/**
 * Hostile expressions inside a real worker (real Temporal server, the production workflow bundle):
 * each one must fail its own stage within its budget, and the worker must keep serving every other
 * execution. If an expression ran past the sandbox's deadlock timeout, this process (which hosts the
 * worker) would abort and the run would fail.
 */

let worker: TestWorker;
before(async () => {
  worker = await startTestWorker();
});
after(async () => {
  await worker.shutdown();
});

/** mulberry32: a small seeded generator, so every run throws the same expressions. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PATTERNS = ['a*a*b', '.*.*.*.*x', '\\w*\\w*\\w*!', '(a+)?(a+)?(a+)?b', 'a{0,10000}a{0,10000}b', '(?:a*b|a)', '(.*a){20}', '(a|aa)*c', '(?:[a-z]*){8}#', 'a{999}a{999}'];
const STRING_WORK = ['equalsIgnoreCase(big)', 'toUpperCase()', "contains('y')", "indexOf('y')", "replace('a', 'b')", 'trim()', 'substring(1)', "endsWith('y')"];

/** Builds one hostile expression from the generator: regex work, amplification, copies of the document, or long-string work. */
function hostileExpression(random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const forms: (() => string)[] = [
    () => `big.substring(0, 10000) matches '${pick(PATTERNS)}'`,
    () => `big.substring(0, 10000).split('${pick(PATTERNS)}').size()`,
    () => `big.substring(0, 10000).replaceAll('${pick(PATTERNS)}', 'z').length()`,
    () => `{1}${'.![{#this,#this}]'.repeat(20 + Math.floor(random() * 8))}`,
    () => `#toJson({1}${'.![{#this,#this,#this}]'.repeat(14 + Math.floor(random() * 6))})`,
    () => `big.substring(0, ${pick([2000, 10_000])}).split('').![${pick(['#root', '#toJson(#root)', '{#root, #this}', "#root.toString() + ''"])}]`,
    () => `list.![big.${pick(STRING_WORK)}]`,
    () => `list.![list.![${pick(['#this', 'list.size()', "#this + 'x'"])}]]`,
    () => `list.![#toJson(#root).length()]`,
  ];
  const body = pick(forms)();
  return random() < 0.3 ? `prefix \${${body}} suffix` : `\${${body}}`;
}

function poisonStage(refId: string, value: string, requisiteStageRefIds: string[] = []): StageConfig {
  return { refId, type: 'evaluateVariables', name: `Poison ${refId}`, requisiteStageRefIds, variables: [{ key: `v${refId}`, value }] };
}

const BUDGET_FAILURE = /^expression evaluation failed: Failed to evaluate expression '.*': (expression exceeded its|expressions evaluated in this workflow task exceeded their shared|regular expression .* is too large|.*longer than)/s;
// Under the stage size limit (context + outputs ≤ 256 KiB hold it twice), long enough for every budget.
const big = `${'a'.repeat(12_000)}${'x'.repeat(88_000)}`;
const list = Array.from({ length: 1000 }, (_, i) => i);

describe('hostile expressions inside a real worker', () => {
  it('fails each generated hostile stage cleanly (fixed seed) while the worker keeps running', async () => {
    const random = seeded(7);
    const expressions = Array.from({ length: 14 }, () => hostileExpression(random));
    const handles = await Promise.all(
      expressions.map((value) =>
        startPipeline(
          worker.client,
          worker.taskQueue,
          pipelineConfig([
            { refId: 'vars', type: 'evaluateVariables', name: 'Inputs', variables: [{ key: 'big', value: '${parameters.big}' }, { key: 'list', value: '${parameters.list}' }] },
            poisonStage('poison', value, ['vars']),
          ]),
          { big, list },
        ),
      ),
    );
    const done = await Promise.all(handles.map((handle) => result(handle)));
    done.forEach((execution, i) => {
      const poison = stage(execution, 'poison');
      const detail = `${expressions[i].slice(0, 120)} → ${poison.status} ${JSON.stringify(poison.exception ?? poison.outputs).slice(0, 300)}`;
      assert.equal(stage(execution, 'vars').status, 'SUCCEEDED', detail);
      assert.equal(poison.status, 'TERMINAL', detail);
      assert.match(poison.exception?.details.error ?? '', BUDGET_FAILURE, detail);
      assert.equal(execution.status, 'TERMINAL', detail);
    });
  });

  it('a poison pipeline cannot stop other executions on the same worker from finishing', async () => {
    const random = seeded(11);
    // Six hostile stages start in the same workflow task: together they meet the task's shared budget too.
    const poisonStages = Array.from({ length: 6 }, (_, i) => poisonStage(`p${i}`, hostileExpression(random), ['vars']));
    const healthy = () =>
      startPipeline(
        worker.client,
        worker.taskQueue,
        pipelineConfig([
          { refId: 'w', type: 'wait', name: 'Wait', waitTime: 1 },
          { refId: 'v', type: 'evaluateVariables', name: 'Vars', requisiteStageRefIds: ['w'], variables: [{ key: 'n', value: "${#toInt(parameters.n) + 1}" }, { key: 'ok', value: "${'release-1.2' matches 'release-\\d+\\.\\d+'}" }] },
        ]),
        { n: '41' },
      );
    const before = await healthy();
    const poison = await startPipeline(
      worker.client,
      worker.taskQueue,
      pipelineConfig([
        { refId: 'vars', type: 'evaluateVariables', name: 'Inputs', variables: [{ key: 'big', value: '${parameters.big}' }, { key: 'list', value: '${parameters.list}' }] },
        ...poisonStages,
      ]),
      { big, list },
    );
    const during = await healthy();
    const poisoned = await result(poison);
    const afterwards = await healthy();

    for (const config of poisonStages) {
      const failed = stage(poisoned, String(config.refId));
      assert.equal(failed.status, 'TERMINAL', JSON.stringify(failed));
      assert.match(failed.exception?.details.error ?? '', BUDGET_FAILURE);
    }
    assert.equal(poisoned.status, 'TERMINAL');
    for (const handle of [before, during, afterwards]) {
      const done = await result(handle);
      assert.equal(done.status, 'SUCCEEDED', JSON.stringify(done.stages.map((s) => [s.refId, s.status, s.exception])));
      assert.deepEqual(stage(done, 'v').outputs, { n: 42, ok: true });
    }
  });
});
