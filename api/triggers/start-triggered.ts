/**
 * Starting an execution for a trigger that fired — one path for every event type (webhook, git,
 * docker, CI builds; cron and pipeline completion can reuse it): permissions of the run-as user,
 * the trigger object in Orca's shape, parameters (the trigger's `parameters` with `${…}` evaluated
 * against the event, then the event's own, then `parameterConfig` defaults), expected artifacts
 * bound, and one execution per (delivery, pipeline) however often the event is redelivered.
 */
import type { ApplicationStore } from '../../prisma/application-store';
import { evaluateTemplates } from '../../workflows/expressions';
import type { Artifact, ExpectedArtifact } from '../../workflows/model/artifacts';
import type { PipelineExecution, Trigger } from '../../workflows/model/execution';
import type { PipelineConfig, TriggerConfig } from '../../workflows/model/pipeline';
import { bindExpectedArtifacts, needsPriorArtifacts, type BindingInput } from '../../workflows/triggers/artifact-binding';
import { resolveParameters } from '../../workflows/validation/parameters';
import { validatePipelineConfig } from '../../workflows/validation/pipeline';
import type { ValidationProblem } from '../../workflows/validation/problem';
import type { AuthSettings } from '../auth';
import type { ExecutionService } from '../temporal/execution-service';
import { executionAuthentication } from '../permissions';
import { executeDenied, runAsUserOf, triggerPrincipal } from './run-as';

/** Serialized size above which `trigger.payload` is left out (the rest of the trigger stays). */
export const MAX_TRIGGER_PAYLOAD_BYTES = 64 * 1024;

/** Trigger config fields never copied into an execution. */
const PRIVATE_TRIGGER_FIELDS = new Set(['secret']);

export interface TriggeredStartDeps {
  executions: ExecutionService;
  applications: ApplicationStore;
  auth?: AuthSettings;
}

/** One trigger that fired for one delivery. */
export interface TriggeredStartRequest {
  config: PipelineConfig;
  /** The stored trigger that matched (its `secret` is never copied). */
  triggerConfig: TriggerConfig;
  /**
   * The delivery's id (GitHub's X-GitHub-Delivery, a registry event id, an Idempotency-Key, a
   * body hash, `upstreamExecutionId`…): with the pipeline config id it names the execution.
   */
  deliveryId: string;
  /** The type's own trigger fields from the event (`hash`, `branch`, `tag`, `digest`, `buildNumber`…). */
  fields?: Record<string, unknown>;
  /** Artifacts the event brought. */
  artifacts?: Artifact[];
  /** The event's body, kept as `trigger.payload` when small enough. */
  payload?: unknown;
  /** Parameters the event itself carries (a webhook body's `parameters`); they win over the trigger's. */
  eventParameters?: Record<string, unknown>;
}

export type TriggeredStartOutcome =
  | { status: 'started' | 'alreadyStarted'; executionId: string; ref: string }
  | { status: 'refused'; reason: string; errors: ValidationProblem[] };

const refused = (reason: string, errors: ValidationProblem[] = []): TriggeredStartOutcome => ({ status: 'refused', reason, errors });

/** `trigger.payload`, or a note saying why it was left out. */
export function cappedPayload(payload: unknown): Record<string, unknown> {
  if (payload === undefined) return {};
  const size = Buffer.byteLength(JSON.stringify(payload) ?? '');
  return size <= MAX_TRIGGER_PAYLOAD_BYTES
    ? { payload }
    : { payloadOmitted: `the payload (${size} bytes) exceeds ${MAX_TRIGGER_PAYLOAD_BYTES} bytes` };
}

/** Every artifact of an execution: its trigger's and those its stages output (Orca's prior artifacts). */
export function executionArtifacts(execution: PipelineExecution): Artifact[] {
  const fromStages = execution.stages.flatMap((s) => (Array.isArray(s.outputs?.artifacts) ? (s.outputs.artifacts as Artifact[]) : []));
  return [...(execution.trigger.artifacts ?? []), ...fromStages];
}

/** Builds starts for one set of dependencies; see {@link TriggeredStartRequest}. */
export function createTriggeredStarter(deps: TriggeredStartDeps) {
  async function priorArtifacts(pipelineConfigId: string): Promise<Artifact[]> {
    const recent = await deps.executions.list({ pipelineConfigIds: [pipelineConfigId], statuses: ['SUCCEEDED'], limitPerConfig: 25 });
    const last = recent.find((e) => e.status === 'SUCCEEDED');
    return last ? executionArtifacts(last) : [];
  }

  return async function startTriggered(request: TriggeredStartRequest): Promise<TriggeredStartOutcome> {
    const { config, triggerConfig } = request;
    const configProblems = validatePipelineConfig(config);
    if (configProblems.length) return refused(`pipeline '${config.name}' is invalid; fix and save it first`, configProblems);

    const user = runAsUserOf(triggerConfig);
    const denied = await executeDenied(deps.applications, deps.auth, user, config.application);
    if (denied) return refused(denied, [{ path: 'runAsUser', message: denied }]);

    const binding: BindingInput = {
      expectedArtifacts: config.expectedArtifacts as ExpectedArtifact[] | undefined,
      expectedArtifactIds: triggerConfig.expectedArtifactIds as string[] | undefined,
      received: request.artifacts ?? [],
    };
    if (needsPriorArtifacts(binding)) binding.prior = await priorArtifacts(config.id);
    const bound = bindExpectedArtifacts(binding);
    if (!bound.ok) return refused(bound.reason, bound.problems);

    const own = Object.fromEntries(
      Object.entries(triggerConfig).filter(([key]) => !PRIVATE_TRIGGER_FIELDS.has(key) && key !== 'parameters'),
    );
    const trigger: Trigger = {
      ...own,
      ...request.fields,
      ...cappedPayload(request.payload),
      type: triggerConfig.type,
      user,
      parameters: {},
      artifacts: bound.artifacts,
      resolvedExpectedArtifacts: bound.resolvedExpectedArtifacts,
      eventId: request.deliveryId,
    };

    const configured = (triggerConfig.parameters ?? {}) as Record<string, unknown>;
    const context = {
      execution: {
        id: '',
        type: 'PIPELINE',
        application: config.application,
        name: config.name,
        pipelineConfigId: config.id,
        status: 'NOT_STARTED',
        buildTime: Date.now(),
        trigger,
        stages: [],
        canceled: false,
      } satisfies PipelineExecution,
    };
    const evaluated = evaluateTemplates(configured, context, 'trigger.parameters');
    if (evaluated.errors.length) {
      const errors = evaluated.errors.map((e) => ({ path: e.path, message: `${e.expression}: ${e.message}` }));
      return refused(`trigger parameters: ${errors.map((e) => e.message).join('; ')}`, errors);
    }
    const { parameters, problems } = resolveParameters(config, { ...evaluated.value, ...request.eventParameters });
    if (problems.length) return refused(`parameters: ${problems.map((p) => p.message).join('; ')}`, problems);
    trigger.parameters = parameters;

    const { id, alreadyStarted } = await deps.executions.start({
      config,
      trigger,
      idempotencyKey: `trigger:${request.deliveryId}`,
      authentication: executionAuthentication(triggerPrincipal(user, deps.auth)) ?? { user },
    });
    return { status: alreadyStarted ? 'alreadyStarted' : 'started', executionId: id, ref: `/pipelines/${id}` };
  };
}

export type StartTriggered = ReturnType<typeof createTriggeredStarter>;
