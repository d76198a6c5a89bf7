/**
 * The fields of a pipeline config the API and the store rely on. Everything else — stage types,
 * the DAG, expressions — is checked by `validatePipelineConfig`, shared with the engine. Unknown
 * fields pass through untouched.
 */
import { z } from 'zod';
import { MAX_NAME_LENGTH, nameTooLong } from './ids';

const nonEmpty = z.string().refine((s) => s.trim().length > 0, 'must not be empty');
/** Stored as a key and a search attribute: bounded (see MAX_NAME_LENGTH). */
const name = nonEmpty.pipe(z.string().max(MAX_NAME_LENGTH, nameTooLong));

export const pipelineConfigSchema = z
  .object({
    application: name,
    name,
    id: name.optional(),
    stages: z.array(z.object({}).passthrough()).optional(),
    triggers: z.array(z.object({}).passthrough()).optional(),
    parameterConfig: z.array(z.object({ name: nonEmpty }).passthrough()).optional(),
    notifications: z.array(z.unknown()).optional(),
    limitConcurrent: z.boolean().optional(),
    keepWaitingPipelines: z.boolean().optional(),
    disabled: z.boolean().optional(),
    index: z.number().optional(),
  })
  .passthrough();

export type PipelineConfigBody = z.infer<typeof pipelineConfigSchema>;
