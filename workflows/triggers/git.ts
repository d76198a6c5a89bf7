/** `type: "git"`: fired by a push event of GitHub, GitLab or Bitbucket Cloud to `POST /webhooks/git/{source}`. */
import { z } from 'zod';
import { commonTriggerFields, nonEmpty, regexString } from './schema-helpers';
import type { TriggerDefinition } from './types';

/** Sources Deck offers; `stash` (Bitbucket Server) is accepted and kept but has no endpoint yet. */
export const GIT_SOURCES = ['github', 'gitlab', 'bitbucket', 'stash'] as const;

/** The index key of a repository: `source:project/slug`, lower case (Echo compares ignoring case). */
export function gitMatchKey(source: string, project: string, slug: string): string {
  return `${source}:${project}/${slug}`.toLowerCase();
}

export const gitTrigger: TriggerDefinition = {
  types: ['git'],
  schema: z
    .object({
      ...commonTriggerFields,
      source: z.enum(GIT_SOURCES, { errorMap: () => ({ message: `source must be one of ${GIT_SOURCES.join(', ')}` }) }),
      project: nonEmpty,
      slug: nonEmpty,
      branch: regexString.optional(),
      secret: z.string().optional(),
      events: z.array(z.string()).optional(),
    })
    .passthrough(),
  matchKey: (trigger) => gitMatchKey(String(trigger.source ?? ''), String(trigger.project ?? ''), String(trigger.slug ?? '')),
};
