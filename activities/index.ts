import { createPipelineActivities, type PipelineConfigSource } from './pipeline-activities';
import { createWebhookActivities } from './webhook/webhook-activities';

/** The clients activities need; the worker builds them from its configuration. */
export interface ActivityDeps {
  pipelineConfigs: PipelineConfigSource;
  webhook: { allowLinkLocal: boolean };
}

/** Every activity the worker registers. Workflows import this type only. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createWebhookActivities(deps.webhook),
    ...createPipelineActivities(deps.pipelineConfigs),
    /** A no-op stage body, used by the `noop` stage type (tests and the engine-overhead benchmark). */
    async noop(): Promise<void> {},
  };
}

export type Activities = ReturnType<typeof createActivities>;
export { NON_RETRYABLE_ERROR_TYPES, ErrorType } from '../workflows/model/error-types';
