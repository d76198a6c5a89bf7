import type { PipelineExecution, StageExecution } from '../model/execution';
import { formatBytes, jsonBytes, MAX_DOCUMENT_BYTES, MAX_STAGE_BYTES } from '../model/limits';

type Values = Record<string, unknown>;

/** What replaces a value that is not stored, so a reader sees why it is missing. */
function omittedNote(bytes: number): string {
  return `[not stored: ${formatBytes(bytes)} is over the execution's size limits]`;
}

/** Variables the stage published (evaluateVariables mirrors them in its outputs). */
function addedVariables(execution: PipelineExecution, stage: StageExecution, before: Values | undefined): string[] {
  const now = execution.variables ?? {};
  return Object.keys(now).filter((key) => now[key] !== before?.[key] && stage.outputs[key] === now[key]);
}

/** Replaces the largest context and output values until the stage holds at most `target` bytes. */
function shrinkStage(stage: StageExecution, bytes: number, target: number): string[] {
  const entries: { field: 'context' | 'outputs'; key: string; bytes: number }[] = [];
  for (const field of ['context', 'outputs'] as const) {
    for (const [key, value] of Object.entries(stage[field])) entries.push({ field, key, bytes: jsonBytes(value) });
  }
  entries.sort((a, b) => b.bytes - a.bytes);
  const omitted: string[] = [];
  for (const entry of entries) {
    if (bytes <= target) break;
    const note = omittedNote(entry.bytes);
    stage[entry.field][entry.key] = note;
    bytes -= entry.bytes - jsonBytes(note);
    omitted.push(`${entry.field}.${entry.key}`);
  }
  return omitted;
}

/**
 * Holds a stage to its share of the execution document: its context and outputs may take
 * `MAX_STAGE_BYTES`, and the whole document (with the variables it published) `MAX_DOCUMENT_BYTES`.
 * Over either, the stage's variables are withdrawn (restored from `variablesBefore`) and its
 * largest values replaced by a note; the answer is the failure message. Undefined when it fits.
 */
export function enforceStageSize(execution: PipelineExecution, stage: StageExecution, variablesBefore: Values | undefined): string | undefined {
  const variables = addedVariables(execution, stage, variablesBefore);
  // Published variables mirror the stage's outputs, so they count once (the document total counts both).
  const stageBytes = jsonBytes(stage.context) + jsonBytes(stage.outputs);
  let reason: string | undefined;
  let target = MAX_STAGE_BYTES;
  if (stageBytes > MAX_STAGE_BYTES) {
    reason = `stage '${stage.name}' would add ${formatBytes(stageBytes)} to the execution; a stage may add at most ${formatBytes(MAX_STAGE_BYTES)}`;
  } else {
    const documentBytes = jsonBytes(execution);
    if (documentBytes <= MAX_DOCUMENT_BYTES) return undefined;
    reason = `stage '${stage.name}' would grow the execution document to ${formatBytes(documentBytes)}; it may hold at most ${formatBytes(MAX_DOCUMENT_BYTES)}`;
    const published = variables.reduce((sum, key) => sum + jsonBytes(execution.variables![key]), 0);
    target = Math.max(0, MAX_DOCUMENT_BYTES - (documentBytes - stageBytes - published));
  }
  for (const key of variables) {
    if (variablesBefore && key in variablesBefore) execution.variables![key] = variablesBefore[key];
    else delete execution.variables![key];
  }
  const omitted = shrinkStage(stage, stageBytes, target);
  return `${reason}; not stored: ${omitted.length ? omitted.join(', ') : 'its variables'}`;
}

/**
 * The document as an answer may carry it (query, update results, continue-as-new, the result):
 * itself when it is within `limit`, else a copy whose largest stage values are replaced by a note.
 * The stage checks keep documents within the limit; this is the guard for anything that slipped
 * past them (e.g. a stage still running with a large response), so no answer exceeds Temporal's limits.
 */
export function fitDocument(execution: PipelineExecution, limit = MAX_DOCUMENT_BYTES): PipelineExecution {
  let bytes = jsonBytes(execution);
  if (bytes <= limit) return execution;
  const copy = JSON.parse(JSON.stringify(execution)) as PipelineExecution;
  const entries: { values: Values; key: string; bytes: number }[] = [];
  const add = (values: Values | undefined) => {
    for (const [key, value] of Object.entries(values ?? {})) entries.push({ values: values!, key, bytes: jsonBytes(value) });
  };
  for (const stage of copy.stages) {
    add(stage.context);
    add(stage.outputs);
  }
  add(copy.variables);
  add(copy.trigger.parameters);
  entries.sort((a, b) => b.bytes - a.bytes);
  for (const entry of entries) {
    if (bytes <= limit) break;
    const note = omittedNote(entry.bytes);
    entry.values[entry.key] = note;
    bytes -= entry.bytes - jsonBytes(note);
  }
  return copy;
}
