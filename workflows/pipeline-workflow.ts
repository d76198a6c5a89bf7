import {
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  patched,
  workflowInfo,
} from '@temporalio/workflow';
import { createExecution } from './engine/create-execution';
import { firePipelineTriggers } from './engine/fire-pipeline-triggers';
import { readyStages } from './engine/dag';
import { finalStatus } from './engine/final-status';
import { compensateStages } from './engine/compensate';
import { installHandlers } from './engine/handlers';
import { fitDocument } from './engine/document-size';
import { UNICODE_PATCH } from './engine/patches';
import { createNotifier } from './engine/notifications';
import { createPublisher } from './engine/publish';
import { runStage } from './engine/run-stage';
import { checkStartInput } from './engine/start-input-check';
import { waitForTurn } from './engine/wait-for-turn';
import { ErrorType } from './model/error-types';
import type { PipelineExecution, StageExecution } from './model/execution';
import type { StageConfig } from './model/pipeline';
import type { PipelineWorkflowInput } from './model/workflow-input';
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
  if (!carried && patched(UNICODE_PATCH)) {
    const problem = checkStartInput(input);
    if (problem) throw ApplicationFailure.nonRetryable(problem, ErrorType.InvalidInput);
  }
  const execution = carried ?? createExecution(workflowInfo().workflowId, input);
  const configs = new Map<string, StageConfig>(input.config.stages.map((s) => [String(s.refId), s]));
  const stageScopes = new Map<string, CancellationScope>();
  const pipelineScope = new CancellationScope();
  let halted = false;

  const publish = createPublisher(execution, input);
  const notifier = createNotifier(execution, input);

  installHandlers(execution, {
    onCancel: () => pipelineScope.cancel(),
    onStatusChange: () => {
      void publish.status();
      publish.details();
    },
  });

  publish.details();

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
          publish.waiting(s.refId, text);
          publish.details();
        },
        onStarted: notifier.stageStarted,
      });
      notifier.stageEnded(stage);
    })().finally(() => {
      running.delete(stage.refId);
      stageScopes.delete(stage.refId);
      if (stage.status === 'TERMINAL') {
        // A TERMINAL stage halts the whole pipeline: the other branches are cancelled.
        halted = true;
        for (const other of stageScopes.values()) other.cancel();
      }
      publish.details();
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
          publish.all('NOT_STARTED');
          const turn = await waitForTurn(execution, input.config, {
            setWaiting: publish.text,
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
        publish.all('RUNNING');
        publish.details();
        notifier.pipeline('pipeline.starting');
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
      await notifier.flush();
      await condition(allHandlersFinished);
      return continueAsNew<typeof pipelineWorkflow>(input, fitDocument(execution));
    }
    const status = finalStatus(execution, input.config);
    if (status === 'TERMINAL' || status === 'CANCELED') {
      await compensateStages(execution, configs, status, publish.text);
    }
    execution.status = status;
    execution.endTime = Date.now();
    publish.status();
    publish.details();
    if (execution.startTime !== undefined) notifier.pipeline(status === 'SUCCEEDED' ? 'pipeline.complete' : 'pipeline.failed');
    if (patched('gennaker-pipeline-trigger-v1')) await firePipelineTriggers(execution);
    await notifier.flush();
    await condition(allHandlersFinished);
    return fitDocument(execution);
  });
}
