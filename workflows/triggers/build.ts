/**
 * CI build triggers (`jenkins`, `travis`, `concourse`, `wercker`, `gitlab-ci`): `master` names the
 * CI server, `job` the job. Spinnaker polls through Igor; Gennaker takes the CI's completion
 * webhook instead (`POST /webhooks/jenkins/{master}`, `POST /webhooks/ci/{type}/{master}`) and fires
 * on a completed, successful build.
 */
import { z } from 'zod';
import { commonTriggerFields, nonEmpty, payloadConstraints } from './schema-helpers';
import type { TriggerDefinition } from './types';

export const BUILD_TRIGGER_TYPES = ['jenkins', 'travis', 'concourse', 'wercker', 'gitlab-ci'] as const;

/** The index key of a CI job: `master:job`, compared exactly (as Echo). */
export const buildMatchKey = (master: string, job: string) => `${master}:${job}`;

export const buildTrigger: TriggerDefinition = {
  types: BUILD_TRIGGER_TYPES,
  schema: z
    .object({
      ...commonTriggerFields,
      master: nonEmpty,
      job: nonEmpty,
      propertyFile: z.string().optional(),
      payloadConstraints: payloadConstraints.optional(),
    })
    .passthrough(),
  matchKey: (trigger) => buildMatchKey(String(trigger.master ?? ''), String(trigger.job ?? '')),
};
