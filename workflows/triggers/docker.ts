/**
 * `type: "docker"`: fired by a registry push (`POST /webhooks/docker/registry` for the CNCF
 * distribution registry's notifications, `POST /webhooks/docker/dockerhub` for Docker Hub).
 * `repository` is matched exactly, `registry` (host, e.g. `index.docker.io`) when set, `tag` as a
 * whole-string regex; without `tag`, every tag but `latest` fires (Echo's rule).
 */
import { z } from 'zod';
import { commonTriggerFields, nonEmpty, regexString } from './schema-helpers';
import type { TriggerDefinition } from './types';

/** The index key of an image repository: its name in lower case (registry names are lower case). */
export const dockerMatchKey = (repository: string) => repository.toLowerCase();

export const dockerTrigger: TriggerDefinition = {
  types: ['docker'],
  schema: z
    .object({
      ...commonTriggerFields,
      repository: nonEmpty,
      registry: z.string().optional(),
      account: z.string().optional(),
      organization: z.string().optional(),
      tag: regexString.optional(),
    })
    .passthrough(),
  matchKey: (trigger) => dockerMatchKey(String(trigger.repository ?? '')),
};
