import { CancellationScope, isCancellation, sleep } from '@temporalio/workflow';
import { evaluateExpression, evaluateTemplates } from '../expressions';
import type { PipelineExecution, StageExecution } from '../model/execution';
import type { StageConfig } from '../model/pipeline';
import type { StageDefinition, StageOutcome } from '../stages/types';
import { failureStatus } from './failure-status';

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

function isEnabled(stageConfig: StageConfig, execution: PipelineExecution): boolean {
  const enabled = stageConfig.stageEnabled;
  if (!enabled || enabled.type !== 'expression' || !enabled.expression) return true;
  const ctx = { execution, currentStageRefId: String(stageConfig.refId) };
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
  const { value: config, errors } = stageConfig.skipExpressionEvaluation === true ? { value: raw, errors: [] } : evaluateTemplates(raw, { execution, currentStageRefId: stage.refId });
  Object.assign(stage.context, config);
  hooks.onStarted?.(stage);
  if (errors.length) {
    stage.context.expressionEvaluationSummary = errors.map((e) => ({ path: e.path, expression: e.expression, message: e.message }));
    if (stageConfig.failOnFailedExpressions === true) {
      fail(stage, stageConfig, `expression evaluation failed: ${errors.map((e) => e.message).join('; ')}`);
      stage.endTime = Date.now();
      return;
    }
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
}
