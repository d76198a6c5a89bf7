/**
 * Rolling red/black's "disable p% of the old version": takes a share of a ReplicaSet's running
 * pods out of its Services, pod by pod (they keep running). At 100% the template is disabled
 * too, as red/black does, so replacement pods come up without traffic.
 */
import type { ClusterConnection } from '../connector';
import type { KubeObject } from './api-client';
import { attempt } from './errors';
import { attachedServices, assertSelectorIndependent, setReplicaSetTraffic, trafficLabels } from './traffic';
import type { DisableShareInput, TrafficShare } from './types';

const carries = (pod: KubeObject, labels: Record<string, string>) => Object.entries(labels).every(([k, v]) => pod.metadata.labels?.[k] === v);

async function ownedPods(connection: ClusterConnection, rs: KubeObject): Promise<KubeObject[]> {
  const matchLabels = ((rs.spec?.selector as { matchLabels?: Record<string, string> } | undefined)?.matchLabels ?? {}) as Record<string, string>;
  const selector = Object.entries(matchLabels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const pods = await attempt(`list the pods of ReplicaSet ${rs.metadata.name}`, () =>
    connection.client.list({ apiVersion: 'v1', kind: 'Pod', namespace: rs.metadata.namespace, labelSelector: selector }),
  );
  return pods.filter((p) => !p.metadata.deletionTimestamp && p.metadata.ownerReferences?.some((o) => o.uid === rs.metadata.uid)).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
}

/** Disables `ceil(percentage × pods)` pods of each ReplicaSet; pods already disabled count, so a retry adds none. */
export async function disableShare(connection: ClusterConnection, input: DisableShareInput): Promise<TrafficShare[]> {
  const namespace = input.location ?? connection.defaultNamespace;
  connection.assertNamespace(namespace);
  const shares: TrafficShare[] = [];
  for (const name of input.names) {
    const rs = await attempt(`read ReplicaSet ${namespace}/${name}`, () => connection.client.get({ apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace, name }));
    if (!rs) continue;
    const labels = await trafficLabels(connection.client, namespace, attachedServices(rs));
    if (input.percentage >= 100) {
      const pods = await setReplicaSetTraffic(connection.client, rs, labels, false);
      shares.push({ name, pods, routedPods: 0 });
      continue;
    }
    assertSelectorIndependent(rs, labels);
    const pods = await ownedPods(connection, rs);
    const target = Math.ceil((input.percentage * pods.length) / 100);
    const routed = pods.filter((p) => carries(p, labels));
    const remove = Object.fromEntries(Object.keys(labels).map((k) => [k, null]));
    const doomed = routed.slice(0, Math.max(0, target - (pods.length - routed.length)));
    for (const pod of doomed) {
      await attempt(`disable pod ${namespace}/${pod.metadata.name}`, async () => {
        try {
          await connection.client.patch({ apiVersion: 'v1', kind: 'Pod', namespace, name: pod.metadata.name }, { metadata: { labels: remove } }, 'merge');
        } catch (err) {
          if ((err as { status?: number }).status !== 404) throw err;
        }
      });
    }
    shares.push({ name, pods: pods.length, routedPods: routed.length - doomed.length });
  }
  return shares;
}
