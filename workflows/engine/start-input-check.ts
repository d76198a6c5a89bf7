import { formatBytes, jsonBytes, MAX_START_INPUT_BYTES } from '../model/limits';
import { findIllFormedText, illFormedTextMessage } from '../model/well-formed';
import type { PipelineWorkflowInput } from '../model/workflow-input';

/**
 * Why a start input cannot run, or undefined. The API refuses such starts already; the workflow
 * checks again because any Temporal client can start it, and text with a lone surrogate would
 * stop the worker as soon as it reached an id or a failure message.
 */
export function checkStartInput(input: PipelineWorkflowInput): string | undefined {
  const illFormed = findIllFormedText(input, 'input');
  if (illFormed) return illFormedTextMessage(illFormed);
  const bytes = jsonBytes(input);
  if (bytes > MAX_START_INPUT_BYTES) {
    return `the start input (pipeline config and trigger) is ${formatBytes(bytes)}; at most ${formatBytes(MAX_START_INPUT_BYTES)} is accepted`;
  }
  return undefined;
}
