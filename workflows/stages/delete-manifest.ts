import { z } from 'zod';
import { kubeActivities } from './kubernetes/proxies';
import { account } from './kubernetes/fields';
import type { StageDefinition } from './types';
import { StageFailure } from './types';

const selector = z.object({
  key: z.string(),
  kind: z.enum(['EQUALS', 'NOT_EQUALS', 'CONTAINS', 'NOT_CONTAINS', 'EXISTS', 'NOT_EXISTS']),
  values: z.array(z.string()).optional(),
});

const schema = z
  .object({
    account,
    cloudProvider: z.literal('kubernetes').optional(),
    location: z.string().optional(),
    manifestName: z.string().optional(),
    kinds: z.array(z.string()).optional(),
    labelSelectors: z.object({ selectors: z.array(selector).optional() }).passthrough().optional(),
    options: z.object({ cascading: z.boolean().optional(), gracePeriodSeconds: z.number().int().nonnegative().optional() }).passthrough().optional(),
  })
  .passthrough()
  .superRefine((v, ctx) => {
    if (!v.manifestName && !(v.kinds?.length && v.labelSelectors?.selectors?.length)) {
      ctx.addIssue({ code: 'custom', path: ['manifestName'], message: 'manifestName, or kinds and labelSelectors, is required' });
    }
  });

/** `deleteManifest`: deletes one object by name, or every object of some kinds matching label selectors. */
export const deleteManifestStage: StageDefinition = {
  type: 'deleteManifest',
  schema,
  async run(ctx) {
    const parsed = schema.safeParse(ctx.config);
    if (!parsed.success) throw new StageFailure(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const c = parsed.data;
    ctx.setWaitingFor(`${ctx.stage.name}: deleting`);
    const { deleted } = await kubeActivities().k8sDeleteManifests({
      account: c.account,
      location: c.location,
      manifestName: c.manifestName,
      kinds: c.kinds,
      labelSelectors: c.labelSelectors,
      options: c.options,
    });
    return { outputs: { manifestNamesByNamespace: { [c.location ?? '']: deleted } } };
  },
};
