import { z } from 'zod';
import { kubeActivities } from './kubernetes/proxies';
import { requireTarget, targetFields, targetOf } from './kubernetes/fields';
import type { StageDefinition } from './types';
import { StageFailure } from './types';

const schema = z.object(targetFields).passthrough().superRefine(requireTarget);

function trafficStage(type: 'enableManifest' | 'disableManifest', enabled: boolean): StageDefinition {
  return {
    type,
    schema,
    async run(ctx) {
      const parsed = schema.safeParse(ctx.config);
      if (!parsed.success) throw new StageFailure(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      ctx.setWaitingFor(`${ctx.stage.name}: ${enabled ? 'enabling' : 'disabling'} traffic`);
      const { ref, pods } = await kubeActivities().k8sSetTraffic({ ...targetOf(parsed.data), enabled });
      return { outputs: { manifestNamesByNamespace: { [ref.namespace ?? '']: [`replicaSet ${ref.name}`] }, relabelledPods: pods } };
    },
  };
}

/** `enableManifest`: routes the Services attached to a ReplicaSet back to its pods. */
export const enableManifestStage = trafficStage('enableManifest', true);

/** `disableManifest`: takes a ReplicaSet's pods out of its Services (they keep running). */
export const disableManifestStage = trafficStage('disableManifest', false);
