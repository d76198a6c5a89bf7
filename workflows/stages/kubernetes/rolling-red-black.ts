import type { DeployedManifest, TrafficShare } from '../../../activities/cloud/kubernetes/types';
import type { StageRunContext } from '../types';
import { kubeActivities } from './proxies';
import { waitUntilStable } from './stable';
import type { StrategyResult } from './strategy';

/** One step of a rolling red/black deploy, as recorded in `context.rollingRedBlack.steps`. */
export interface RollingStep {
  percentage: number;
  /** The new ReplicaSet and the replicas it was scaled to (all available before the old share was disabled). */
  name: string;
  replicas: number;
  /** The older versions after their share was taken out of the Services. */
  old: TrafficShare[];
}

/** Orca's rule: the last step is always 100%. */
export function rollingSteps(targetPercentages: number[]): number[] {
  const steps = [...targetPercentages];
  if (steps[steps.length - 1] !== 100) steps.push(100);
  return steps;
}

/**
 * Spinnaker's rolling red/black for ReplicaSets deployed with 0 replicas (traffic on in the
 * template): for each percentage p, scale the new version to ceil(p × desired) and wait until
 * those replicas are available (they join the Services as they become ready), then take p% of
 * every older serving version's pods out of the Services. At 100% the older versions are
 * disabled as in red/black; they keep running, ready for a rollback.
 */
export async function rollingRedBlack(ctx: StageRunContext, account: string, deployed: DeployedManifest[], targetPercentages: number[], stableTimeoutSeconds: number): Promise<StrategyResult> {
  const result: StrategyResult = { enabled: [], disabled: [], deleted: [] };
  const steps: RollingStep[] = [];
  ctx.stage.context.rollingRedBlack = { targetPercentages: rollingSteps(targetPercentages), steps };
  const k8s = kubeActivities();
  for (const d of deployed.filter((m) => m.ref.kind === 'ReplicaSet')) {
    const location = d.ref.namespace;
    const desired = d.desiredReplicas ?? 1;
    const versions = await k8s.k8sClusterVersions({ account, location, cluster: d.cluster });
    const older = versions.filter((v) => v.ref.name !== d.ref.name && v.trafficEnabled !== false).map((v) => v.ref.name);
    for (const percentage of rollingSteps(targetPercentages)) {
      const replicas = Math.ceil((percentage * desired) / 100);
      ctx.setWaitingFor(`${ctx.stage.name}: rolling red/black ${percentage}%: scaling ${d.ref.name} to ${replicas}`);
      await k8s.k8sScaleManifest({ account, location, manifestName: `replicaSet ${d.ref.name}`, replicas });
      await waitUntilStable(ctx, account, [d.ref], stableTimeoutSeconds);
      const old = await k8s.k8sDisableTrafficShare({ account, location, names: older, percentage });
      steps.push({ percentage, name: d.ref.name, replicas, old });
    }
    result.enabled.push(d.ref.name);
    result.disabled.push(...older);
  }
  return result;
}
