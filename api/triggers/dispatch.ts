/**
 * Matching one event against the stored triggers and starting what matched. Candidates come from
 * the trigger index (type + match key), never from a scan of every config. Every candidate
 * trigger that does not fire is reported with one sentence why; each pipeline starts at most once
 * per delivery.
 */
import { mapBounded } from '../concurrency';
import type { PipelineStore } from '../../prisma/pipeline-store';
import type { TriggerConfig } from '../../workflows/model/pipeline';
import { getTriggerDefinition } from '../../workflows/triggers/registry';
import type { ValidationProblem } from '../../workflows/validation/problem';
import type { SkippedEvent, TriggerEvent } from './event';
import type { StartTriggered } from './start-triggered';

/** Which pipeline and trigger an entry of the answer is about. */
export interface TriggerRef {
  application: string;
  pipeline: string;
  pipelineConfigId: string;
  triggerId?: string;
  /** Position in the config's `triggers[]`. */
  triggerIndex: number;
}

export interface StartedExecution extends TriggerRef {
  executionId: string;
  ref: string;
  /** True for a redelivery: the execution this delivery started before. */
  alreadyStarted: boolean;
}

export interface NotStarted extends TriggerRef {
  reason: string;
  errors?: ValidationProblem[];
}

/** Echo's answer `{eventProcessed, eventId}` plus what started, what was refused and what did not match. */
export interface EventAnswer {
  eventProcessed: boolean;
  eventId: string;
  /** Set when the event itself fires nothing (a ping, a failed build, no trigger listens). */
  message?: string;
  executions: StartedExecution[];
  /** Triggers that matched but whose start was refused (a required parameter or artifact missing…). */
  refused: NotStarted[];
  /** Triggers listening for this source or repository that did not match, each with why. */
  notMatched: NotStarted[];
}

export interface DispatchDeps {
  pipelines: Pick<PipelineStore, 'findByTrigger'>;
  startTriggered: StartTriggered;
}

/** Concurrent starts for one event (each is one Temporal start call). */
const START_CONCURRENCY = 8;

const isSkipped = (event: TriggerEvent | SkippedEvent): event is SkippedEvent => 'skipped' in event;

function reasonOf(event: TriggerEvent, trigger: TriggerConfig): string | undefined {
  try {
    return event.mismatch(trigger);
  } catch (error) {
    return `cannot be matched: ${(error as Error).message}`;
  }
}

export async function dispatchEvent(deps: DispatchDeps, event: TriggerEvent | SkippedEvent): Promise<EventAnswer> {
  const answer: EventAnswer = { eventProcessed: true, eventId: event.deliveryId, executions: [], refused: [], notMatched: [] };
  const configs = await deps.pipelines.findByTrigger(event.types, event.matchKeys);
  const toStart: { ref: TriggerRef; config: (typeof configs)[number]; trigger: TriggerConfig }[] = [];
  const keys = new Set(event.matchKeys);

  for (const config of configs) {
    let fired = false;
    (config.triggers ?? []).forEach((trigger, triggerIndex) => {
      if (!event.types.includes(trigger.type)) return;
      if (!keys.has(getTriggerDefinition(trigger.type)?.matchKey?.(trigger) ?? '')) return;
      const ref: TriggerRef = {
        application: config.application,
        pipeline: config.name,
        pipelineConfigId: config.id,
        ...(typeof trigger.id === 'string' ? { triggerId: trigger.id } : {}),
        triggerIndex,
      };
      const reason = isSkipped(event)
        ? event.skipped
        : config.disabled === true
          ? 'the pipeline is disabled'
          : trigger.enabled !== true
            ? 'the trigger is not enabled'
            : (reasonOf(event, trigger) ?? (fired ? 'another trigger of this pipeline already fired for this delivery' : undefined));
      if (reason) {
        answer.notMatched.push({ ...ref, reason });
        return;
      }
      fired = true;
      toStart.push({ ref, config, trigger });
    });
  }

  if (isSkipped(event)) {
    answer.eventProcessed = event.processed;
    answer.message = event.skipped;
    return answer;
  }
  const outcomes = await mapBounded(toStart, START_CONCURRENCY, ({ config, trigger }) =>
    deps.startTriggered({
      config,
      triggerConfig: trigger,
      deliveryId: event.deliveryId,
      fields: event.fields,
      artifacts: event.artifacts,
      payload: event.payload,
      eventParameters: event.parameters,
    }),
  );
  outcomes.forEach((outcome, i) => {
    const { ref } = toStart[i];
    if (outcome.status === 'refused') answer.refused.push({ ...ref, reason: outcome.reason, errors: outcome.errors });
    else answer.executions.push({ ...ref, executionId: outcome.executionId, ref: outcome.ref, alreadyStarted: outcome.status === 'alreadyStarted' });
  });
  if (!configs.length) answer.message = `no ${event.types.join('/')} trigger listens for ${event.matchKeys.join(' or ')}`;
  return answer;
}

/** Several events of one delivery (a registry envelope): one answer with every part. */
export function mergeAnswers(answers: EventAnswer[], fallbackId: string, ignored: string[] = []): EventAnswer {
  const messages = [...answers.flatMap((a) => (a.message ? [a.message] : [])), ...ignored];
  return {
    eventProcessed: answers.length ? answers.some((a) => a.eventProcessed) : true,
    eventId: answers[0]?.eventId ?? fallbackId,
    ...(messages.length ? { message: messages.join('; ') } : {}),
    executions: answers.flatMap((a) => a.executions),
    refused: answers.flatMap((a) => a.refused),
    notMatched: answers.flatMap((a) => a.notMatched),
  };
}
