import type { Client } from '@temporalio/client';
import type { PipelineWorkflowInput } from '../../workflows/model/workflow-input';

/**
 * The input a run was started with, read from the first event of its history (one small RPC),
 * or undefined if it cannot be read.
 */
export async function readStartInput<T = PipelineWorkflowInput>(
  client: Client,
  namespace: string,
  workflowId: string,
  runId: string,
): Promise<T | undefined> {
  try {
    const page = await client.workflowService.getWorkflowExecutionHistory({
      namespace,
      execution: { workflowId, runId },
      maximumPageSize: 1,
    });
    let payloads = page.history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
    if (payloads.length === 0) return undefined;
    const converter = client.options.loadedDataConverter;
    // Codecs apply in order when encoding, so they are undone in reverse.
    for (const codec of [...converter.payloadCodecs].reverse()) payloads = await codec.decode(payloads);
    return converter.payloadConverter.fromPayload<T>(payloads[0]);
  } catch {
    return undefined;
  }
}
