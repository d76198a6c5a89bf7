import { z } from 'zod';
import { kubeActivities } from './kubernetes/proxies';
import { requireTarget, targetFields, targetOf } from './kubernetes/fields';
import { waitUntilStable } from './kubernetes/stable';
import type { StageDefinition } from './types';
import { StageFailure } from './types';

const schema = z
  .object({ ...targetFields, replicas: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]) })
  .passthrough()
  .superRefine(requireTarget);

/** `scaleManifest`: sets `spec.replicas` of a workload, then waits until it is stable. */
export const scaleManifestStage: StageDefinition = {
  type: 'scaleManifest',
  schema,
  async run(ctx) {
    const parsed = schema.safeParse(ctx.config);
    if (!parsed.success) throw new StageFailure(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const c = parsed.data;
    const replicas = Number(c.replicas);
    ctx.setWaitingFor(`${ctx.stage.name}: scaling to ${replicas}`);
    const ref = await kubeActivities().k8sScaleManifest({ ...targetOf(c), replicas });
    await waitUntilStable(ctx, c.account, [ref], c.stableTimeoutSeconds);
    const name = `${ref.kind.charAt(0).toLowerCase()}${ref.kind.slice(1)} ${ref.name}`;
    return { outputs: { manifestNamesByNamespace: { [ref.namespace ?? '']: [name] }, replicas } };
  },
};
