import { ApplicationFailure } from '@temporalio/activity';
import type { PipelineConfig } from '../workflows/model/pipeline';
import { ErrorType } from '../workflows/model/error-types';

/** Where the `pipeline` stage reads the config of the pipeline it runs (the Prisma store in production). */
export interface PipelineConfigSource {
  getPipelineConfigById(id: string): Promise<PipelineConfig | null>;
}

export function createPipelineActivities(source: PipelineConfigSource) {
  return {
    /** Reads a pipeline config once, when a `pipeline` stage starts its child execution. */
    async loadPipelineConfig(input: { application?: string; pipelineId: string }): Promise<PipelineConfig> {
      const config = await source.getPipelineConfigById(input.pipelineId);
      if (!config || (input.application && config.application !== input.application)) {
        throw ApplicationFailure.nonRetryable(
          `pipeline config '${input.pipelineId}'${input.application ? ` of application '${input.application}'` : ''} not found`,
          ErrorType.PipelineNotFound,
        );
      }
      return config;
    },
  };
}
