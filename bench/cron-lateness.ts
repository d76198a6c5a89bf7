/**
 * Cron lateness: from a cron trigger's scheduled time to the execution's start (Temporal's
 * workflow start, and the execution document's RUNNING `startTime`). The Schedule is the one the
 * reconciler would create (`desiredCronSchedules`, a per-second Quartz expression). Baseline in the
 * same run: a Schedule with the same spec starting a plain one-activity workflow, at the other
 * seconds, so both share the machine's noise.
 *   npx tsx bench/cron-lateness.ts [samples=30]
 */
import type { WorkflowExecutionInfo } from '@temporalio/client';
import { desiredCronSchedules } from '../api/cron/cron-triggers';
import type { PipelineExecution } from '../workflows/model/execution';
import type { PipelineConfig } from '../workflows/model/pipeline';
import { ms, percentile, startBenchEnv } from './lib/harness';

/** The scheduled time Temporal appends to the workflow id of every scheduled action. */
const scheduledTime = (workflowId: string) => Date.parse(workflowId.slice(-20));

function summary(label: string, values: number[]): string {
  return `${label}: p50 ${ms(percentile(values, 50))}  p99 ${ms(percentile(values, 99))}  max ${ms(Math.max(...values))}`;
}

async function main(): Promise<void> {
  const samples = Number(process.argv[2] ?? 30);
  const env = await startBenchEnv();
  const config: PipelineConfig = {
    id: 'bench-cron',
    application: 'bench',
    name: 'cron',
    stages: [{ refId: '1', type: 'noop', name: 'Noop' }],
    triggers: [{ type: 'cron', id: 'even', enabled: true, cronExpression: '0/2 * * * * ?' }],
  };
  const [pipelineSchedule] = desiredCronSchedules(config, env.taskQueue);
  const baselineId = 'bench-plain-odd';
  const [oddSeconds] = desiredCronSchedules({ ...config, triggers: [{ type: 'cron', id: 'odd', enabled: true, cronExpression: '1/2 * * * * ?' }] }, env.taskQueue);
  const pipeline = await env.client.schedule.create(pipelineSchedule);
  const baseline = await env.client.schedule.create({
    scheduleId: baselineId,
    spec: oddSeconds.spec,
    action: { type: 'startWorkflow', workflowType: 'plainActivitiesWorkflow', taskQueue: env.taskQueue, workflowId: baselineId, args: [1] },
  });

  const list = async (scheduleId: string) => {
    const infos: WorkflowExecutionInfo[] = [];
    for await (const info of env.client.workflow.list({ query: `TemporalScheduledById = '${scheduleId}' AND ExecutionStatus = 'Completed'` })) infos.push(info);
    return infos;
  };
  const deadline = Date.now() + samples * 2_000 + 60_000;
  let done: WorkflowExecutionInfo[] = [];
  while (done.length < samples && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1_000));
    done = await list(pipelineSchedule.scheduleId);
  }
  await pipeline.delete();
  await baseline.delete();

  const pipelineStarts: number[] = [];
  const pipelineRunning: number[] = [];
  for (const info of done.slice(0, samples)) {
    const scheduled = scheduledTime(info.workflowId);
    pipelineStarts.push(info.startTime.getTime() - scheduled);
    const doc = (await env.client.workflow.getHandle(info.workflowId).result()) as PipelineExecution;
    pipelineRunning.push(doc.startTime! - scheduled);
  }
  const plainStarts = (await list(baselineId)).slice(0, samples).map((info) => info.startTime.getTime() - scheduledTime(info.workflowId));

  console.log(`cron lateness, per-second Quartz expression, ${pipelineStarts.length} pipeline fires / ${plainStarts.length} baseline fires`);
  console.log(`  ${summary('scheduled → pipeline workflow started', pipelineStarts)}`);
  console.log(`  ${summary('scheduled → execution RUNNING (document startTime)', pipelineRunning)}`);
  console.log(`  ${summary('baseline: scheduled → plain workflow started', plainStarts)}`);
  await env.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
