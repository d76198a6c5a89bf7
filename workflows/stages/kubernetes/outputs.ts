import type { DeployedManifest } from '../../../activities/cloud/kubernetes/types';

/** Kinds Spinnaker shows as server groups. */
const SERVER_GROUP_KINDS = new Set(['ReplicaSet', 'StatefulSet', 'DaemonSet']);

const manifestName = (d: DeployedManifest) => `${d.ref.kind.charAt(0).toLowerCase()}${d.ref.kind.slice(1)} ${d.ref.name}`;

function byNamespace(deployed: DeployedManifest[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const d of deployed) (out[d.ref.namespace ?? ''] ??= []).push(manifestName(d));
  return out;
}

/**
 * Orca's deploy outputs: the applied manifests, names by namespace, created artifacts and the
 * `deploy.server.groups` summary (namespace → server groups) later stages reference.
 */
export function deployOutputs(account: string, deployed: DeployedManifest[]): Record<string, unknown> {
  const createdArtifacts = deployed.map((d) => ({
    type: `kubernetes/${d.ref.kind.charAt(0).toLowerCase()}${d.ref.kind.slice(1)}`,
    name: d.baseName,
    reference: d.ref.name,
    location: d.ref.namespace ?? '',
    ...(d.version ? { version: d.version } : {}),
    metadata: { account },
  }));
  return {
    manifests: deployed.map((d) => d.manifest),
    manifestNamesByNamespace: byNamespace(deployed),
    createdArtifacts,
    boundArtifacts: [],
    'deploy.account.name': account,
    'deploy.server.groups': byNamespace(deployed.filter((d) => SERVER_GROUP_KINDS.has(d.ref.kind))),
  };
}
