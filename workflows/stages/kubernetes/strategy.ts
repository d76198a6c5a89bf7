import type { DeployedManifest } from '../../../activities/cloud/kubernetes/types';
import { kubeActivities } from './proxies';

export type Strategy = 'redblack' | 'bluegreen' | 'highlander' | 'none';

/** What a strategy did to the older versions of each deployed ReplicaSet's cluster. */
export interface StrategyResult {
  enabled: string[];
  disabled: string[];
  deleted: string[];
}

/**
 * Spinnaker's strategies once the new version is stable: red/black (= blue/green) disables the
 * older versions of the cluster; highlander disables, then deletes them. The new version is
 * (re-)enabled first, because a redeploy of identical content reuses a version that may have
 * been disabled earlier.
 */
export async function applyStrategy(account: string, deployed: DeployedManifest[], strategy: Strategy, enableTraffic: boolean): Promise<StrategyResult> {
  const result: StrategyResult = { enabled: [], disabled: [], deleted: [] };
  const k8s = kubeActivities();
  for (const d of deployed.filter((m) => m.ref.kind === 'ReplicaSet')) {
    const location = d.ref.namespace;
    if (enableTraffic) {
      await k8s.k8sSetTraffic({ account, location, manifestName: `replicaSet ${d.ref.name}`, enabled: true });
      result.enabled.push(d.ref.name);
    }
    if (strategy === 'none') continue;
    const versions = await k8s.k8sClusterVersions({ account, location, cluster: d.cluster });
    for (const old of versions.filter((v) => v.ref.name !== d.ref.name)) {
      const manifestName = `replicaSet ${old.ref.name}`;
      if (old.trafficEnabled !== false) {
        await k8s.k8sSetTraffic({ account, location, manifestName, enabled: false });
        result.disabled.push(old.ref.name);
      }
      if (strategy === 'highlander') {
        await k8s.k8sDeleteManifests({ account, location, manifestName });
        result.deleted.push(old.ref.name);
      }
    }
  }
  return result;
}
