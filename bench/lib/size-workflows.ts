/**
 * The bundle of `bench/document-limits.ts`: Gennaker's workflows plus one that answers queries,
 * updates and its result with strings of a requested size, to find Temporal's payload limits.
 */
import { condition, defineQuery, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';

export { pipelineWorkflow } from '../../workflows';

export const sizedQuery = defineQuery<string, [number]>('sized');
export const sizedUpdate = defineUpdate<string, [number]>('sized');
export const finishSignal = defineSignal('finish');
export const blobSignal = defineSignal<[string]>('blob');

/** Waits for `finish`, then returns `resultChars` characters; `padding` only makes the start input large. */
export async function sizedWorkflow(resultChars: number, _padding?: string): Promise<string> {
  let finished = false;
  setHandler(sizedQuery, (chars) => 'q'.repeat(chars));
  setHandler(sizedUpdate, (chars) => 'u'.repeat(chars));
  setHandler(finishSignal, () => void (finished = true));
  setHandler(blobSignal, () => undefined);
  await condition(() => finished);
  return 'r'.repeat(resultChars);
}
