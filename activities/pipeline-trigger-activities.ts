/**
 * Pipeline-completion triggers (`{type: "pipeline", application, pipeline, status: [...]}`), fired
 * by the finishing execution itself as an activity: it finds the downstream configs whose enabled
 * trigger names this pipeline and this end status, and starts each one **exactly once** — the
 * workflow id derives from the upstream execution and the downstream config, so a retried
 * activity finds the execution it already started.
 */
import { Context } from '@temporalio/activity';
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { ExecutionStatus, PipelineExecution, Trigger } from '../workflows/model/execution';
import type { PipelineConfig, TriggerConfig } from '../workflows/model/pipeline';
import {
  type PipelineTriggerOutcome,
  MAX_PIPELINE_TRIGGER_DEPTH,
  pipelineTriggerDepth,
  trimParentExecution,
  triggerStatusOf,
} from '../workflows/model/pipeline-trigger';
import { type PipelineWorkflowInput, SearchAttribute } from '../workflows/model/workflow-input';
import { resolveParameters } from '../workflows/validation/parameters';
import { validatePipelineConfig } from '../workflows/validation/pipeline';

/** What firing pipeline triggers needs: a Temporal client to start executions, and the configs. */
export interface PipelineTriggerDeps {
  client: Client;
  /** Current configs with a `pipeline` trigger naming the given config id (enabled or not). */
  triggeredBy(upstreamConfigId: string): Promise<PipelineConfig[]>;
}

/** Workflow type of every pipeline execution. */
const PIPELINE_WORKFLOW = 'pipelineWorkflow';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const sameApplication = (a: unknown, b: string) => typeof a === 'string' && a.trim().toLowerCase() === b.toLowerCase();
const attributeKey = (name: string) => defineSearchAttributeKey(name, SearchAttributeType.KEYWORD);

/** The execution id of `downstream` started by `upstream`'s end: the same on every retry. */
export function triggeredExecutionId(upstreamExecutionId: string, downstreamConfigId: string): string {
  return `gennaker-trigger-${upstreamExecutionId}-${downstreamConfigId}`;
}

/** The first enabled trigger of `config` that fires on `upstream` ending with `status`. */
function matchingTrigger(config: PipelineConfig, upstream: PipelineExecution, status: string): TriggerConfig | undefined {
  return (config.triggers ?? []).find(
    (t) =>
      isObject(t) &&
      t.type === 'pipeline' &&
      t.enabled !== false &&
      t.pipeline === upstream.pipelineConfigId &&
      (t.application === undefined || sameApplication(t.application, upstream.application)) &&
      Array.isArray(t.status) &&
      t.status.includes(status),
  );
}

function downstreamTrigger(upstream: PipelineExecution, trigger: TriggerConfig, parameters: Record<string, unknown>): Trigger {
  return {
    ...trigger,
    type: 'pipeline',
    user: typeof trigger.runAsUser === 'string' && trigger.runAsUser ? trigger.runAsUser : upstream.trigger.user,
    parameters,
    artifacts: [],
    parentExecution: trimParentExecution(upstream),
    parentPipelineId: upstream.pipelineConfigId,
    parentPipelineName: upstream.name,
    parentPipelineApplication: upstream.application,
    parentStatus: upstream.status,
  };
}

/**
 * Starts every downstream pipeline `upstream`'s end triggers, on `taskQueue`. Returns one outcome
 * per downstream config with a trigger on this pipeline and status: started (or found already
 * started), or refused with the reason (disabled, invalid, a required parameter missing, or the
 * chain too deep).
 */
export async function firePipelineTriggers(deps: PipelineTriggerDeps, upstream: PipelineExecution, taskQueue: string): Promise<PipelineTriggerOutcome[]> {
  const status = triggerStatusOf(upstream.status as ExecutionStatus);
  if (!status) return [];
  const outcomes: PipelineTriggerOutcome[] = [];
  const depth = pipelineTriggerDepth(upstream) + 1;
  for (const config of await deps.triggeredBy(upstream.pipelineConfigId)) {
    const trigger = matchingTrigger(config, upstream, status);
    if (!trigger) continue;
    const about = { application: config.application, name: config.name, pipelineConfigId: config.id };
    const refuse = (reason: string) => outcomes.push({ ...about, started: false, reason });
    if (config.disabled) {
      refuse('pipeline is disabled');
      continue;
    }
    if (depth > MAX_PIPELINE_TRIGGER_DEPTH) {
      refuse(
        `pipeline trigger chain stopped: this would be pipeline-triggered execution number ${depth} in a row (limit ${MAX_PIPELINE_TRIGGER_DEPTH}); a pipeline that triggers itself, or a cycle of pipelines, ends here`,
      );
      continue;
    }
    const configProblems = validatePipelineConfig(config);
    if (configProblems.length) {
      refuse(`pipeline config is invalid: ${configProblems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
      continue;
    }
    const { parameters, problems } = resolveParameters(config, isObject(trigger.parameters) ? trigger.parameters : undefined);
    if (problems.length) {
      refuse(`invalid parameters: ${problems.map((p) => p.message).join('; ')}`);
      continue;
    }
    const executionId = triggeredExecutionId(upstream.id, config.id);
    const input: PipelineWorkflowInput = { config, trigger: downstreamTrigger(upstream, trigger, parameters), buildTime: Date.now() };
    let alreadyStarted = false;
    try {
      await deps.client.workflow.start(PIPELINE_WORKFLOW, {
        taskQueue,
        workflowId: executionId,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [
          { key: attributeKey(SearchAttribute.application), value: config.application },
          { key: attributeKey(SearchAttribute.pipelineName), value: config.name },
          { key: attributeKey(SearchAttribute.pipelineConfigId), value: config.id },
          { key: attributeKey(SearchAttribute.triggerType), value: 'pipeline' },
          { key: attributeKey(SearchAttribute.status), value: 'NOT_STARTED' },
        ],
        staticSummary: `${config.application} / ${config.name}`,
        staticDetails: `Pipeline config \`${config.id}\`, triggered by the ${status} end of ${upstream.application} / ${upstream.name} (${upstream.id})`,
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      alreadyStarted = true;
    }
    outcomes.push({ ...about, started: true, executionId, alreadyStarted });
  }
  return outcomes;
}

/** The activity: downstream executions start on the finishing execution's own task queue. */
export function createPipelineTriggerActivities(deps: PipelineTriggerDeps | undefined) {
  return {
    async startTriggeredPipelines(input: { execution: PipelineExecution }): Promise<PipelineTriggerOutcome[]> {
      if (!deps) return [];
      return firePipelineTriggers(deps, input.execution, Context.current().info.taskQueue);
    },
  };
}
