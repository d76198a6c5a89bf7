/** `type: "webhook"`: fired by `POST /webhooks/webhook/{source}` when every payload constraint matches. */
import { z } from 'zod';
import { commonTriggerFields, nonEmpty, payloadConstraints } from './schema-helpers';
import type { TriggerDefinition } from './types';

export const webhookTrigger: TriggerDefinition = {
  types: ['webhook'],
  schema: z.object({ ...commonTriggerFields, source: nonEmpty, payloadConstraints: payloadConstraints.optional() }).passthrough(),
  matchKey: (trigger) => String(trigger.source ?? ''),
};
