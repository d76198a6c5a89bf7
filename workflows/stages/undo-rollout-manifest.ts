import { z } from 'zod';
import { kubeActivities } from './kubernetes/proxies';
import { requireTarget, targetFields, targetOf } from './kubernetes/fields';
import { waitUntilStable } from './kubernetes/stable';
import type { StageDefinition } from './types';
import { StageFailure } from './types';

const schema = z
  .object({ ...targetFields, numRevisionsBack: z.number().int().positive().optional() })
  .passthrough()
  .superRefine(requireTarget);

/** `undoRolloutManifest`: rolls a Deployment back `numRevisionsBack` revisions (default 1) and waits. */
export const undoRolloutManifestStage: StageDefinition = {
  type: 'undoRolloutManifest',
  schema,
  async run(ctx) {
    const parsed = schema.safeParse(ctx.config);
    if (!parsed.success) throw new StageFailure(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const c = parsed.data;
    ctx.setWaitingFor(`${ctx.stage.name}: rolling back ${c.numRevisionsBack ?? 1} revision(s)`);
    const { ref, revision } = await kubeActivities().k8sUndoRollout({ ...targetOf(c), numRevisionsBack: c.numRevisionsBack });
    await waitUntilStable(ctx, c.account, [ref], c.stableTimeoutSeconds);
    return { outputs: { rolledBackToRevision: revision } };
  },
};
