import { CancellationScope, isCancellation, patched, sleep, workflowInfo } from '@temporalio/workflow';
import { evaluateExpression, evaluateTemplates, ExpressionBudget, type ExpressionContext } from '../expressions';
import type { PipelineExecution, StageExecution } from '../model/execution';
import type { StageConfig } from '../model/pipeline';
import type { StageDefinition, StageOutcome } from '../stages/types';
import { enforceStageSize } from './document-size';
import { failureStatus } from './failure-status';
import { SIZE_PATCH } from './patches';

/** Fields the engine interprets itself; everything else is the stage's own config. */
const STRUCTURAL_FIELDS = new Set(['refId', 'requisiteStageRefIds', 'type', 'name', 'stageEnabled']);

export interface StageRunHooks {
  setWaitingFor(stage: StageExecution, text: string | undefined): void;
  /** The stage runs, its context evaluated (notifications: `stage.starting`, `manualJudgment`). */
  onStarted?(stage: StageExecution): void;
}

/** Failure text of anything a runner or activity threw, following causes to the root message. */
export function errorMessage(err: unknown): string {
  let current = err as { message?: string; cause?: unknown } | undefined;
  const messages: string[] = [];
  while (current && messages.length < 5) {
    if (current.message && !messages.includes(current.message)) messages.push(current.message);
    current = current.cause as typeof current;
  }
  return messages.length ? messages[messages.length - 1] : String(err);
}

/** The budget shared by the expressions of the current workflow task (a new task has a new history length). */
let taskBudget: { historyLength: number; budget: ExpressionBudget } | undefined;

/**
 * Expressions run under budgets since `gennaker-expr-budget-v1`; executions recorded before replay
 * with the old, unbudgeted evaluator so that their histories stay deterministic. Every stage that
 * starts in one workflow task shares one budget, so many stages cannot add up to the deadlock timeout.
 */
function expressionContext(execution: PipelineExecution, currentStageRefId: string): ExpressionContext {
  if (!patched('gennaker-expr-budget-v1')) return { execution, currentStageRefId, budget: ExpressionBudget.legacy() };
  const { historyLength } = workflowInfo();
  if (taskBudget?.historyLength !== historyLength) taskBudget = { historyLength, budget: ExpressionBudget.forWorkflowTask() };
  return { execution, currentStageRefId, budget: taskBudget.budget };
}

function isEnabled(stageConfig: StageConfig, execution: PipelineExecution): boolean {
  const enabled = stageConfig.stageEnabled;
  if (!enabled || enabled.type !== 'expression' || !enabled.expression) return true;
  const ctx = expressionContext(execution, String(stageConfig.refId));
  const source = enabled.expression.trim();
  const value = source.includes('${')
    ? (() => {
        const { value: v, errors } = evaluateTemplates(source, ctx);
        if (errors.length) throw new Error(errors[0].message);
        return v;
      })()
    : evaluateExpression(source, ctx);
  return value === true || value === 'true';
}

function fail(stage: StageExecution, stageConfig: StageConfig, error: string): void {
  stage.status = failureStatus(stageConfig);
  stage.exception = { details: { error, errors: [error] } };
}

/** A stage over its size limits fails; one that already failed or was cancelled keeps its status and gains the reason. */
function failForSize(stage: StageExecution, stageConfig: StageConfig, error: string): void {
  if (stage.exception) stage.exception.details.errors.push(error);
  else if (stage.status === 'CANCELED') stage.exception = { details: { error, errors: [error] } };
  else fail(stage, stageConfig, error);
}

/**
 * Runs one stage to a final status: `stageEnabled`, expression evaluation, the runner inside its
 * own cancellation scope (cancelled by the pipeline or by `stageTimeoutMs`), and failure options.
 * Never throws.
 */
export async function runStage(
  execution: PipelineExecution,
  stage: StageExecution,
  stageConfig: StageConfig,
  definition: StageDefinition,
  scope: CancellationScope,
  hooks: StageRunHooks,
): Promise<void> {
  stage.status = 'RUNNING';
  stage.startTime = Date.now();
  try {
    if (!isEnabled(stageConfig, execution)) {
      stage.status = 'SKIPPED';
      return;
    }
  } catch (err) {
    fail(stage, stageConfig, `stageEnabled expression failed: ${errorMessage(err)}`);
    return;
  } finally {
    if (stage.status !== 'RUNNING') stage.endTime = Date.now();
  }

  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(stageConfig)) if (!STRUCTURAL_FIELDS.has(key)) raw[key] = value;
  const { value: config, errors } = stageConfig.skipExpressionEvaluation === true ? { value: raw, errors: [] } : evaluateTemplates(raw, expressionContext(execution, stage.refId));
  Object.assign(stage.context, config);
  hooks.onStarted?.(stage);
  if (errors.length) {
    stage.context.expressionEvaluationSummary = errors.map((e) => ({ path: e.path, expression: e.expression, message: e.message }));
    // An expression over its budget always fails the stage; other failed expressions only when asked to.
    const overBudget = errors.find((e) => e.budgetExceeded);
    if (overBudget !== undefined || stageConfig.failOnFailedExpressions === true) {
      fail(stage, stageConfig, `expression evaluation failed: ${(overBudget ? [overBudget] : errors).map((e) => e.message).join('; ')}`);
      stage.endTime = Date.now();
      return;
    }
  }

  // Held to its share of the document before it runs (evaluated config) and after (what it added).
  const sizeChecked = patched(SIZE_PATCH);
  const variablesBefore = execution.variables ? { ...execution.variables } : undefined;
  const configTooBig = sizeChecked ? enforceStageSize(execution, stage, variablesBefore) : undefined;
  if (configTooBig) {
    fail(stage, stageConfig, configTooBig);
    stage.endTime = Date.now();
    return;
  }

  const timeoutMs = typeof stageConfig.stageTimeoutMs === 'number' ? stageConfig.stageTimeoutMs : definition.defaultTimeoutMs;
  let timedOut = false;
  const timer = new CancellationScope();
  if (timeoutMs !== undefined) {
    timer
      .run(() => sleep(timeoutMs))
      .then(() => {
        timedOut = true;
        scope.cancel();
      })
      .catch(() => undefined);
  }
  try {
    const outcome: StageOutcome = await scope.run(() =>
      definition.run({ stage, config, execution, setWaitingFor: (text) => hooks.setWaitingFor(stage, text) }),
    );
    Object.assign(stage.outputs, outcome.outputs ?? {});
    if (outcome.status === 'TERMINAL') fail(stage, stageConfig, outcome.error ?? `stage '${stage.name}' failed`);
    else stage.status = outcome.status ?? 'SUCCEEDED';
  } catch (err) {
    if (timedOut) fail(stage, stageConfig, `stage '${stage.name}' timed out after ${timeoutMs} ms`);
    else if (isCancellation(err)) stage.status = 'CANCELED';
    else fail(stage, stageConfig, errorMessage(err));
  } finally {
    timer.cancel();
    hooks.setWaitingFor(stage, undefined);
    stage.endTime = Date.now();
  }
  const outputsTooBig = sizeChecked ? enforceStageSize(execution, stage, variablesBefore) : undefined;
  if (outputsTooBig) failForSize(stage, stageConfig, outputsTooBig);
}
