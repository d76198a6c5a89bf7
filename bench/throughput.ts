/**
 * Throughput with one worker: M executions of a 5-stage pipeline started together; completed per
 * second, latency from the start call to the first stage RUNNING, and the CPU time the Temporal
 * dev server used (its share of the run).
 *   npx tsx bench/throughput.ts [executions=200]
 */
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { PipelineExecution } from '../workflows/model/execution';
import type { PipelineWorkflowInput } from '../workflows/model/workflow-input';
import { ms, percentile, startBenchEnv } from './lib/harness';

/** CPU seconds (user + system) a process has used, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function main(): Promise<void> {
  const m = Number(process.argv[2] ?? 200);
  const env = await startBenchEnv();
  const stages = Array.from({ length: 5 }, (_, i) => ({ refId: String(i + 1), type: 'noop', name: `s${i + 1}`, requisiteStageRefIds: i ? [String(i)] : [] }));
  const input: PipelineWorkflowInput = { config: { id: 'bench', application: 'bench', name: 'throughput', stages }, trigger: { type: 'manual', user: 'bench', parameters: {} }, buildTime: Date.now() };
  const serverPid = env.server.process.pid!;
  // Baseline in the same run: a plain workflow with the same 5 no-op activities.
  const b0 = Date.now();
  await Promise.all(
    Array.from({ length: m }, async () => {
      const handle = await env.client.workflow.start('plainActivitiesWorkflow', { taskQueue: env.taskQueue, workflowId: `bench-${randomUUID()}`, args: [5] });
      await handle.result();
    }),
  );
  const baselineRate = m / ((Date.now() - b0) / 1000);
  const serverCpu0 = cpuSeconds(serverPid);
  const selfCpu0 = process.cpuUsage();
  const t0 = Date.now();
  const runs = await Promise.all(
    Array.from({ length: m }, async () => {
      const started = Date.now();
      const handle = await env.client.workflow.start('pipelineWorkflow', { taskQueue: env.taskQueue, workflowId: `bench-${randomUUID()}`, args: [input] });
      const doc = (await handle.result()) as PipelineExecution;
      return { toFirstStage: doc.stages[0].startTime! - started };
    }),
  );
  const elapsed = (Date.now() - t0) / 1000;
  const serverCpu = cpuSeconds(serverPid) - serverCpu0;
  const self = process.cpuUsage(selfCpu0);
  const workerCpu = (self.user + self.system) / 1e6;
  const first = runs.map((r) => r.toFirstStage);
  console.log(`throughput: ${m} executions of a 5-stage pipeline, one worker, started together`);
  console.log(`  ${(m / elapsed).toFixed(1)} executions/s (${elapsed.toFixed(1)} s in all); plain 5-activity workflow: ${baselineRate.toFixed(1)}/s (ratio ${(m / elapsed / baselineRate).toFixed(2)})`);
  console.log(`  start → first stage RUNNING: p50 ${ms(percentile(first, 50))}  p99 ${ms(percentile(first, 99))}`);
  console.log(`  CPU: Temporal dev server ${serverCpu.toFixed(1)} s, worker+client process ${workerCpu.toFixed(1)} s (of ${(elapsed * 2).toFixed(1)} core-seconds available on 2 cores)`);
  await env.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
