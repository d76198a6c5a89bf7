import {
  allHandlersFinished,
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  setCurrentDetails,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { createExecution } from './engine/create-execution';
import { readyStages } from './engine/dag';
import { finalStatus } from './engine/final-status';
import { installHandlers } from './engine/handlers';
import { compensateStages } from './engine/compensate';
import { runStage } from './engine/run-stage';
import { waitForTurn } from './engine/wait-for-turn';
import type { PipelineExecution, StageExecution } from './model/execution';
import type { StageConfig } from './model/pipeline';
import { SearchAttribute, type PipelineWorkflowInput } from './model/workflow-input';
import { getStageDefinition } from './stages/registry';

/** History length past which the workflow continues as new between stages (Temporal's limit is 51,200 events). */
const DEFAULT_HISTORY_EVENTS_BEFORE_CONTINUE = 10_000;

/**
 * One pipeline execution. Runs the stage DAG (parallel branches, joins), answers the `execution`
 * query with the Orca-shaped document and returns that document as its result.
 *
 * @param carried the document of the previous run when the workflow continued as new.
 */
export async function pipelineWorkflow(input: PipelineWorkflowInput, carried?: PipelineExecution): Promise<PipelineExecution> {
  const execution = carried ?? createExecution(workflowInfo().workflowId, input);
  const configs = new Map<string, StageConfig>(input.config.stages.map((s) => [String(s.refId), s]));
  const waitingFor = new Map<string, string>();
  const stageScopes = new Map<string, CancellationScope>();
  const pipelineScope = new CancellationScope();
  let halted = false;

  const publishStatus = () => upsertSearchAttributes({ [SearchAttribute.status]: [execution.status] });
  /** Every search attribute, so executions started by any client (API, CLI, parent) are listed alike. */
  const publishAll = (status: string) =>
    upsertSearchAttributes({
      [SearchAttribute.application]: [input.config.application],
      [SearchAttribute.pipelineName]: [input.config.name],
      [SearchAttribute.pipelineConfigId]: [input.config.id],
      [SearchAttribute.triggerType]: [input.trigger.type],
      [SearchAttribute.status]: [status],
    });
  const publishDetails = () => {
    const waits = [...waitingFor.values()];
    const running = execution.stages.filter((s) => s.status === 'RUNNING').map((s) => s.name);
    setCurrentDetails(
      execution.status === 'PAUSED'
        ? `Paused by ${execution.paused?.pausedBy ?? 'anonymous'}`
        : waits.length
          ? waits.join('\n')
          : running.length
            ? `Running: ${running.join(', ')}`
            : `Status: ${execution.status}`,
    );
  };

  installHandlers(execution, {
    onCancel: () => pipelineScope.cancel(),
    onStatusChange: () => {
      publishStatus();
      publishDetails();
    },
  });

  publishDetails();

  const running = new Map<string, Promise<void>>();
  const launch = (stage: StageExecution) => {
    const stageConfig = configs.get(stage.refId)!;
    const definition = getStageDefinition(stage.type);
    const scope = new CancellationScope();
    stageScopes.set(stage.refId, scope);
    const done = (async () => {
      if (!definition) {
        stage.status = 'TERMINAL';
        stage.exception = { details: { error: `unknown stage type '${stage.type}'`, errors: [] } };
        return;
      }
      await runStage(execution, stage, stageConfig, definition, scope, {
        setWaitingFor: (s, text) => {
          if (text) waitingFor.set(s.refId, text);
          else waitingFor.delete(s.refId);
          publishDetails();
        },
      });
    })().finally(() => {
      running.delete(stage.refId);
      stageScopes.delete(stage.refId);
      if (stage.status === 'TERMINAL') {
        // A TERMINAL stage halts the whole pipeline: the other branches are cancelled.
        halted = true;
        for (const other of stageScopes.values()) other.cancel();
      }
      publishDetails();
    });
    running.set(stage.refId, done);
  };

  const historyTooLong = () => {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength > (input.historyEventsBeforeContinue ?? DEFAULT_HISTORY_EVENTS_BEFORE_CONTINUE);
  };
  let draining = false;
  try {
    await pipelineScope.run(async () => {
      if (execution.status === 'NOT_STARTED') {
        if (input.config.limitConcurrent) {
          publishAll('NOT_STARTED');
          const turn = await waitForTurn(execution, input.config, {
            setWaiting: (text) => setCurrentDetails(text),
            shouldContinueAsNew: historyTooLong,
            firstCheckMs: input.concurrencyCheckMs,
          });
          if (turn === 'continue-as-new') {
            draining = true;
            return;
          }
          if (turn === 'superseded') {
            execution.canceled = true;
            execution.canceledBy = 'gennaker';
            execution.cancellationReason = 'superseded by a newer execution of this pipeline (limitConcurrent without keepWaitingPipelines)';
          }
          if (turn !== 'go') return;
        }
        execution.status = 'RUNNING';
        execution.startTime = Date.now();
        publishAll('RUNNING');
        publishDetails();
      }
      for (;;) {
        await condition(() => execution.status !== 'PAUSED');
        if (!halted && !draining) for (const stage of readyStages(execution)) launch(stage);
        if (running.size === 0) break;
        await Promise.race(running.values());
        draining = draining || historyTooLong();
      }
    });
  } catch (err) {
    if (!isCancellation(err)) throw err;
  }

  // Everything after this point must run even when Temporal itself cancelled the workflow.
  return CancellationScope.nonCancellable(async () => {
    if (pipelineScope.consideredCancelled || execution.canceled) {
      execution.canceled = true;
      await Promise.all(running.values());
    }
    const canContinue = !execution.canceled && !halted && readyStages(execution).length > 0;
    if (draining && canContinue) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof pipelineWorkflow>(input, execution);
    }
    const status = finalStatus(execution, input.config);
    if (status === 'TERMINAL' || status === 'CANCELED') {
      await compensateStages(execution, configs, status, (text) => setCurrentDetails(text));
    }
    execution.status = status;
    execution.endTime = Date.now();
    publishStatus();
    publishDetails();
    await condition(allHandlersFinished);
    return execution;
  });
}
