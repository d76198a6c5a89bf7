/**
 * Judgment → next stage latency: from the moment the REST layer would send the Update until the
 * stage after the judgment is RUNNING (its startTime, set in the same workflow task that applies
 * the judgment). Spinnaker polls judgments every 15 s.
 *   npx tsx bench/judgment-latency.ts [samples=100]
 */
import { randomUUID } from 'node:crypto';
import { executionQuery, patchStageUpdate } from '../workflows/messages';
import type { PipelineWorkflowInput } from '../workflows/model/workflow-input';
import { ms, percentile, startBenchEnv } from './lib/harness';

async function main(): Promise<void> {
  const samples = Number(process.argv[2] ?? 100);
  const env = await startBenchEnv();
  const input: PipelineWorkflowInput = {
    config: {
      id: 'bench',
      application: 'bench',
      name: 'judgment',
      stages: [
        { refId: 'mj', type: 'manualJudgment', name: 'Approve' },
        { refId: 'next', type: 'wait', name: 'Next', waitTime: 3600, requisiteStageRefIds: ['mj'] },
      ],
    },
    trigger: { type: 'manual', user: 'bench', parameters: {} },
    buildTime: Date.now(),
  };
  const latencies: number[] = [];
  const roundTrips: number[] = [];
  for (let i = 0; i < samples; i++) {
    const handle = await env.client.workflow.start('pipelineWorkflow', { taskQueue: env.taskQueue, workflowId: `bench-${randomUUID()}`, args: [input] });
    for (;;) {
      const doc = await handle.query(executionQuery);
      if (doc.stages[0].status === 'RUNNING') break;
      await new Promise((r) => setTimeout(r, 5));
    }
    const sent = Date.now();
    await handle.executeUpdate(patchStageUpdate, { args: [{ stage: 'mj', judgmentStatus: 'continue' }] });
    roundTrips.push(Date.now() - sent);
    const doc = await handle.query(executionQuery);
    latencies.push(doc.stages[1].startTime! - sent);
    await handle.terminate('benchmark done');
  }
  console.log(`judgment → next stage RUNNING, ${samples} samples`);
  console.log(`  p50 ${ms(percentile(latencies, 50))}  p99 ${ms(percentile(latencies, 99))}  max ${ms(Math.max(...latencies))}`);
  console.log(`  Update round trip (accepted and completed): p50 ${ms(percentile(roundTrips, 50))}  p99 ${ms(percentile(roundTrips, 99))}`);
  await env.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
