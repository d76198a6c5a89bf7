/**
 * Worker memory with many executions waiting: on a manual judgment (default) or, with `canary`,
 * in a kayentaCanary stage between two intervals (synthetic metrics, one interval judged). RSS of
 * the worker process (this process, which also holds the client) before and after starting them.
 *   npx tsx bench/worker-memory.ts [executions=1000] [judgment|canary]
 */
import { randomUUID } from 'node:crypto';
import { executionQuery } from '../workflows/messages';
import type { PipelineWorkflowInput } from '../workflows/model/workflow-input';
import { startBenchEnv } from './lib/harness';

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

async function main(): Promise<void> {
  const m = Number(process.argv[2] ?? 1000);
  const kind = process.argv[3] ?? 'judgment';
  const env = await startBenchEnv({ maxCachedWorkflows: m + 100 });
  const canaryStage = {
    refId: 'mj',
    type: 'kayentaCanary',
    name: 'Canary',
    canaryConfig: {
      inlineConfig: {
        name: 'latency',
        metrics: [{ name: 'latency', query: { type: 'synthetic', mean: 100, sd: 10, seed: 'bench' }, groups: ['performance'], analysisConfigurations: { canary: { direction: 'increase' } } }],
        classifier: { groupWeights: { performance: 100 } },
      },
      scopes: [{ scopeName: 'default', controlScope: 'baseline', experimentScope: 'canary', step: 1 }],
      // First interval after 30 s... the second one hours later: every execution waits on a timer.
      lifetimeDuration: 'PT4H',
      canaryAnalysisIntervalMins: 0.5,
    },
  };
  const stage = kind === 'canary' ? canaryStage : { refId: 'mj', type: 'manualJudgment', name: 'Approve' };
  const input: PipelineWorkflowInput = {
    config: { id: 'bench', application: 'bench', name: 'memory', stages: [stage] },
    trigger: { type: 'manual', user: 'bench', parameters: {} },
    buildTime: Date.now(),
  };
  global.gc?.();
  const before = process.memoryUsage().rss;
  const handles = [];
  for (let i = 0; i < m; i += 50) {
    handles.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(50, m - i) }, () => env.client.workflow.start('pipelineWorkflow', { taskQueue: env.taskQueue, workflowId: `bench-${randomUUID()}`, args: [input] })),
      )),
    );
  }
  // Every execution must actually be waiting (cached in the worker) before measuring.
  for (const handle of handles) {
    for (;;) {
      const doc = await handle.query(executionQuery);
      if (doc.stages[0].status === 'RUNNING') break;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  global.gc?.();
  const after = process.memoryUsage().rss;
  console.log(`worker memory with ${m} executions waiting ${kind === 'canary' ? 'in a canary stage for their next interval' : 'on judgment'} (all cached)`);
  console.log(`  RSS before ${mib(before)}, after ${mib(after)}: ${((after - before) / m / 1024).toFixed(0)} KiB per waiting execution`);
  await Promise.all(handles.map((h) => h.terminate('benchmark done')));
  await env.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
