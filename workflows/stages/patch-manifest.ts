import { z } from 'zod';
import { kubeActivities } from './kubernetes/proxies';
import { requireTarget, targetFields, targetOf } from './kubernetes/fields';
import { waitUntilStable } from './kubernetes/stable';
import type { StageDefinition } from './types';
import { StageFailure } from './types';

const schema = z
  .object({
    ...targetFields,
    patchBody: z.union([z.record(z.unknown()), z.array(z.unknown())]),
    options: z.object({ mergeStrategy: z.enum(['strategic', 'json', 'merge']).optional(), record: z.boolean().optional() }).passthrough().optional(),
  })
  .passthrough()
  .superRefine(requireTarget);

/** `patchManifest`: patches one object (strategic merge by default, or json/merge) and waits until stable. */
export const patchManifestStage: StageDefinition = {
  type: 'patchManifest',
  schema,
  async run(ctx) {
    const parsed = schema.safeParse(ctx.config);
    if (!parsed.success) throw new StageFailure(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const c = parsed.data;
    ctx.setWaitingFor(`${ctx.stage.name}: patching`);
    const ref = await kubeActivities().k8sPatchManifest({ ...targetOf(c), patchBody: c.patchBody, mergeStrategy: c.options?.mergeStrategy });
    await waitUntilStable(ctx, c.account, [ref], c.stableTimeoutSeconds);
    const name = `${ref.kind.charAt(0).toLowerCase()}${ref.kind.slice(1)} ${ref.name}`;
    return { outputs: { manifestNamesByNamespace: { [ref.namespace ?? '']: [name] } } };
  },
};
