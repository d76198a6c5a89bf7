/** `type: "manual"`: started over REST (`POST /pipelines/{app}/{name}`); only the common fields. */
import { z } from 'zod';
import { commonTriggerFields } from './schema-helpers';
import type { TriggerDefinition } from './types';

export const manualTrigger: TriggerDefinition = {
  types: ['manual'],
  schema: z.object(commonTriggerFields).passthrough(),
};
