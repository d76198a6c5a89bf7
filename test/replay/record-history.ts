/**
 * Records the history of a representative pipeline execution for the replay test. Run against a
 * dev server with a worker on the default task queue, e.g. `npm start`, then:
 *   npx tsx test/replay/record-history.ts test/replay/histories/<name>.json [representative|canary]
 * Commit the file. Replay tests then prove new workflow code still replays old executions.
 */
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { patchStageUpdate } from '../../workflows/messages';
import type { PipelineWorkflowInput } from '../../workflows/model/workflow-input';
import { DEFAULT_TASK_QUEUE } from '../../workflows/model/workflow-input';
import { representativeCanaryPipeline, representativePipeline } from './representative-pipeline';

async function main(out: string, kind: string): Promise<void> {
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' });
  const client = new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default' });
  const input: PipelineWorkflowInput = { config: kind === 'canary' ? representativeCanaryPipeline() : representativePipeline(), trigger: { type: 'manual', user: 'recorder', parameters: { env: 'prod' } }, buildTime: Date.now() };
  const handle = await client.workflow.start('pipelineWorkflow', {
    taskQueue: process.env.TEMPORAL_TASK_QUEUE ?? DEFAULT_TASK_QUEUE,
    workflowId: `replay-${randomUUID()}`,
    args: [input],
  });
  for (;;) {
    if (kind === 'canary') break;
    try {
      await handle.executeUpdate(patchStageUpdate, { args: [{ stage: 'approve', judgmentStatus: 'continue', judgmentInput: 'go', user: 'recorder' }] });
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  await handle.result();
  const history = await handle.fetchHistory();
  writeFileSync(out, `${JSON.stringify(JSON.parse(historyToJSON(history)), null, 1)}\n`);
  await connection.close();
}

main(process.argv[2] ?? 'test/replay/histories/pipeline-v1.json', process.argv[3] ?? 'representative').catch((err) => {
  console.error(err);
  process.exit(1);
});
