import type { PatchType } from './kubernetes/api-client';
import { createClusterConnector } from './connector';
import { gkeProvider, type GkeApi } from './gke/provider';
import { deployManifests } from './kubernetes/deploy';
import { deleteManifests, jobLogs, patchManifest, scaleManifest, setTraffic, undoRollout } from './kubernetes/operations';
import { kubeconfigProvider } from './kubernetes/provider';
import { revertDeploy } from './kubernetes/revert';
import { snapshotManifests } from './kubernetes/snapshot';
import { disableShare } from './kubernetes/traffic-share';
import { clusterVersions } from './kubernetes/target';
import type { DeleteManifestsInput, DeployManifestsInput, DisableShareInput, ObjectRef, RevertAction, TargetSpec, WaitForStableInput } from './kubernetes/types';
import { waitForStable } from './kubernetes/wait';
import type { KubernetesAccountSource } from './types';

/** What the Kubernetes activities need. */
export interface KubernetesDeps {
  /** Deploy accounts by name (`kubernetes` and `gke`). */
  accounts: KubernetesAccountSource;
  /** The GKE API; default: `@google-cloud/container` with Google application default credentials. */
  gke?: GkeApi;
  /** Default time between status polls while waiting for stability (500 ms). */
  pollIntervalMs?: number;
}

/** Activities of the manifest stages, one per Spinnaker operation. */
export function createKubernetesActivities(deps: KubernetesDeps) {
  const connector = createClusterConnector({ accounts: deps.accounts, providers: [kubeconfigProvider, gkeProvider(deps.gke)] });
  const on = (account: string) => connector.connect(account);
  return {
    /** Validates, versions, dry-runs, then server-side applies manifests. */
    async k8sDeployManifests(input: DeployManifestsInput) {
      return deployManifests(await on(input.account), input);
    },
    /** What a deploy of these manifests would replace (read before applying, for a later rollback). */
    async k8sSnapshotManifests(input: DeployManifestsInput) {
      return snapshotManifests(await on(input.account), input);
    },
    /** Undoes a deploy step by step (re-enable, roll back, disable, delete), tolerating what is gone. */
    async k8sRevertDeploy(input: { account: string; actions: RevertAction[] }) {
      return revertDeploy(await on(input.account), input);
    },
    /** Heartbeating wait until every object is stable (or failed, or past the deadline). */
    async k8sWaitForStable(input: WaitForStableInput) {
      return waitForStable(await on(input.account), { ...input, pollIntervalMs: input.pollIntervalMs ?? deps.pollIntervalMs });
    },
    /** Every version of a cluster such as `replicaSet web`, oldest first. */
    async k8sClusterVersions(input: { account: string; location?: string; cluster: string }) {
      return clusterVersions(await on(input.account), input);
    },
    async k8sSetTraffic(input: TargetSpec & { enabled: boolean }) {
      return setTraffic(await on(input.account), input);
    },
    /** Rolling red/black: takes a share of each ReplicaSet's pods out of its Services. */
    async k8sDisableTrafficShare(input: DisableShareInput) {
      return disableShare(await on(input.account), input);
    },
    async k8sScaleManifest(input: TargetSpec & { replicas: number }) {
      return scaleManifest(await on(input.account), input);
    },
    async k8sPatchManifest(input: TargetSpec & { patchBody: unknown; mergeStrategy?: PatchType }) {
      return patchManifest(await on(input.account), input);
    },
    async k8sUndoRollout(input: TargetSpec & { numRevisionsBack?: number }) {
      return undoRollout(await on(input.account), input);
    },
    async k8sDeleteManifests(input: DeleteManifestsInput) {
      return deleteManifests(await on(input.account), input);
    },
    async k8sJobLogs(input: { account: string; ref: ObjectRef; container?: string }) {
      return jobLogs(await on(input.account), input);
    },
  };
}
