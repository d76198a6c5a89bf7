/**
 * Engine overhead: a pipeline of N `noop` stages vs a plain Temporal workflow running the same N
 * no-op activities, alternating on the same server and worker. Prints wall-time and history ratios.
 *   npx tsx bench/engine-overhead.ts [N=20] [rounds=15]
 */
import { randomUUID } from 'node:crypto';
import type { PipelineWorkflowInput } from '../workflows/model/workflow-input';
import { ms, percentile, startBenchEnv } from './lib/harness';

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 20);
  const rounds = Number(process.argv[3] ?? 15);
  const env = await startBenchEnv();
  const stages = Array.from({ length: n }, (_, i) => ({ refId: String(i + 1), type: 'noop', name: `s${i + 1}`, requisiteStageRefIds: i ? [String(i)] : [] }));
  const input: PipelineWorkflowInput = {
    config: { id: 'bench', application: 'bench', name: 'overhead', stages },
    trigger: { type: 'manual', user: 'bench', parameters: {} },
    buildTime: Date.now(),
  };
  const time = async (workflow: string, args: unknown[]) => {
    const started = performance.now();
    const handle = await env.client.workflow.start(workflow, { taskQueue: env.taskQueue, workflowId: `bench-${randomUUID()}`, args });
    await handle.result();
    const elapsed = performance.now() - started;
    const events = (await handle.fetchHistory()).events?.length ?? 0;
    return { elapsed, events };
  };
  // Warm up both paths (bundle load, caches) before measuring.
  await time('pipelineWorkflow', [input]);
  await time('plainActivitiesWorkflow', [n]);
  const pipeline: number[] = [];
  const plain: number[] = [];
  let pipelineEvents = 0;
  let plainEvents = 0;
  for (let r = 0; r < rounds; r++) {
    const a = await time('pipelineWorkflow', [input]);
    const b = await time('plainActivitiesWorkflow', [n]);
    pipeline.push(a.elapsed);
    plain.push(b.elapsed);
    pipelineEvents = a.events;
    plainEvents = b.events;
  }
  const p50 = (v: number[]) => percentile(v, 50);
  console.log(`engine overhead, N=${n} stages, ${rounds} alternating rounds`);
  console.log(`  pipeline workflow  p50 ${ms(p50(pipeline))}  history ${pipelineEvents} events`);
  console.log(`  plain workflow     p50 ${ms(p50(plain))}  history ${plainEvents} events`);
  console.log(`  ratio (pipeline / plain): wall ${(p50(pipeline) / p50(plain)).toFixed(3)}x, events ${(pipelineEvents / plainEvents).toFixed(3)}x`);
  await env.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
