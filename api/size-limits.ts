/**
 * The execution size limits as the API applies them: a pipeline config or start input over its
 * limit is answered 413 at once, before anything is stored or started.
 */
import { formatBytes, jsonBytes, MAX_PIPELINE_CONFIG_BYTES, MAX_START_INPUT_BYTES } from '../workflows/model/limits';
import { findIllFormedText, illFormedTextMessage } from '../workflows/model/well-formed';
import type { PipelineWorkflowInput } from '../workflows/model/workflow-input';
import { ApiError, badRequest } from './errors';

function tooLarge(what: string, bytes: number, limit: number): ApiError {
  const message = `${what} is ${formatBytes(bytes)} (${bytes} bytes); at most ${formatBytes(limit)} (${limit} bytes) is accepted`;
  return new ApiError(413, message, [{ path: '', message }]);
}

/** 413 when a submitted pipeline config is larger than `MAX_PIPELINE_CONFIG_BYTES`. */
export function assertPipelineConfigSize(body: unknown): void {
  const bytes = jsonBytes(body);
  if (bytes > MAX_PIPELINE_CONFIG_BYTES) throw tooLarge('the pipeline config', bytes, MAX_PIPELINE_CONFIG_BYTES);
}

/**
 * 413 when a start input (the stored config and the trigger) is larger than
 * `MAX_START_INPUT_BYTES`; 400 when it holds text that is not valid Unicode (a config saved before
 * such text was refused). The workflow would refuse both; this answers at once.
 */
export function assertStartInput(input: Pick<PipelineWorkflowInput, 'config' | 'trigger'>): void {
  const illFormed = findIllFormedText(input);
  if (illFormed) {
    const message = illFormedTextMessage(illFormed);
    throw badRequest(`cannot start: ${message}`, [{ path: illFormed, message }]);
  }
  const bytes = jsonBytes(input);
  if (bytes > MAX_START_INPUT_BYTES) throw tooLarge('the start input (pipeline config and trigger)', bytes, MAX_START_INPUT_BYTES);
}
