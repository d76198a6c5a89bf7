import type { ClusterConnection } from '../connector';
import { prepare } from './deploy';
import { attempt } from './errors';
import { Annotation, isVersioned } from './manifest';
import { clusterVersions } from './target';
import type { DeployManifestsInput, PriorState } from './types';
import { listVersions } from './versions';

const REVISION = 'deployment.kubernetes.io/revision';

/**
 * Reads what the manifests of a deploy would replace: the existing versions of versioned kinds
 * (with the traffic state of ReplicaSets), whether unversioned objects exist, and the revision of
 * existing Deployments. Only reads, so a retry returns the same answer until the deploy runs.
 */
export async function snapshotManifests(connection: ClusterConnection, input: DeployManifestsInput): Promise<PriorState[]> {
  const states: PriorState[] = [];
  for (const manifest of await prepare(connection, input)) {
    const { apiVersion, kind } = manifest;
    const { name, namespace } = manifest.metadata;
    const base = { apiVersion, kind, ...(namespace !== undefined ? { namespace } : {}), name };
    if (isVersioned(manifest)) {
      const cluster = manifest.metadata.annotations?.[Annotation.cluster];
      if (kind === 'ReplicaSet' && cluster) {
        const versions = await clusterVersions(connection, { location: namespace, cluster });
        states.push({ ...base, versions: versions.map((v) => ({ name: v.ref.name, trafficEnabled: v.trafficEnabled })) });
      } else {
        const versions = await attempt(`list the versions of ${kind} ${name}`, () => listVersions(connection.client, { apiVersion, kind, namespace, baseName: name }));
        states.push({ ...base, versions: versions.map((v) => ({ name: v.object.metadata.name, trafficEnabled: null })) });
      }
      continue;
    }
    const live = await attempt(`read ${kind} ${name}`, () => connection.client.get({ apiVersion, kind, namespace, name }));
    const revision = Number(live?.metadata.annotations?.[REVISION]);
    states.push({ ...base, existed: live !== null, ...(kind === 'Deployment' && Number.isInteger(revision) && revision > 0 ? { revision } : {}) });
  }
  return states;
}
