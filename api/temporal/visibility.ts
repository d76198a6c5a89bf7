/**
 * Temporal visibility queries for listing executions by Gennaker's search attributes. Visibility
 * is the execution index: there is no execution table in the database.
 */
import { SearchAttribute } from '../../workflows/model/workflow-input';

/** The workflow type of every pipeline execution. */
export const PIPELINE_WORKFLOW_TYPE = 'pipelineWorkflow';

export interface ExecutionFilter {
  application?: string;
  pipelineConfigIds?: string[];
  /** Orca statuses; empty or absent = any. */
  statuses?: string[];
}

const CONTROL = /[\u0000-\u001F\u007F]/;

/**
 * A string literal for a visibility query. Temporal's parser (a fork of Vitess's sqlparser) reads a
 * quoted string up to the next unescaped quote and decodes backslash escapes, so escaping `\` and `'`
 * keeps any value inside its literal. Control characters are refused rather than escaped: `\0` would
 * decode to a NUL that the visibility store's SQL refuses. The API's request checks refuse them
 * first, so this throw only guards against a caller that skipped them.
 */
export function quote(value: string): string {
  if (CONTROL.test(value)) throw new TypeError('a visibility query value must not contain control characters');
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const inList = (values: readonly string[]) => `(${values.map(quote).join(', ')})`;

/** Temporal statuses of runs that ended without the workflow recording a final Orca status. */
const ABNORMAL_CLOSE = ['Failed', 'Terminated', 'TimedOut', 'Canceled'];

/**
 * The visibility query for `filter`. The GennakerStatus attribute is upserted by the workflow; a
 * run that was terminated or failed never upserted its last status, so when TERMINAL or CANCELED
 * is asked for, abnormally closed runs are included too (their status is decided on read).
 */
export function executionListQuery(filter: ExecutionFilter): string {
  const clauses = [`WorkflowType = ${quote(PIPELINE_WORKFLOW_TYPE)}`, `ExecutionStatus != 'ContinuedAsNew'`];
  if (filter.application) clauses.push(`${SearchAttribute.application} = ${quote(filter.application)}`);
  if (filter.pipelineConfigIds?.length) {
    clauses.push(`${SearchAttribute.pipelineConfigId} IN ${inList(filter.pipelineConfigIds)}`);
  }
  if (filter.statuses?.length) {
    const byAttribute = `${SearchAttribute.status} IN ${inList(filter.statuses)}`;
    const wantsAbnormal = filter.statuses.some((s) => s === 'TERMINAL' || s === 'CANCELED');
    clauses.push(wantsAbnormal ? `(${byAttribute} OR ExecutionStatus IN ${inList(ABNORMAL_CLOSE)})` : byAttribute);
  }
  return clauses.join(' AND ');
}
