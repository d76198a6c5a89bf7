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

/** A string literal for a visibility query (backslash escapes, as Temporal's parser expects). */
export function quote(value: string): string {
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
