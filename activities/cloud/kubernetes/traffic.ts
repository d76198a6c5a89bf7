/**
 * Spinnaker's traffic management for ReplicaSets: a version receives traffic when its pods carry
 * the labels the Services select. Enabling adds those labels to the pod template and the running
 * pods; disabling removes them (the ReplicaSet's own selector must not use them).
 */
import { ApplicationFailure } from '@temporalio/activity';
import { ErrorType } from '../../../workflows/model/error-types';
import type { KubeClient, KubeObject } from './api-client';
import { attempt } from './errors';
import { Annotation } from './manifest';

/** `service web` or `web` → `web`. */
export function serviceName(entry: string): string {
  const parts = entry.trim().split(/\s+/);
  if (parts.length === 2 && parts[0].toLowerCase() !== 'service') {
    throw ApplicationFailure.nonRetryable(`load balancer '${entry}' is not a Service`, ErrorType.KubernetesInvalidManifest);
  }
  return parts[parts.length - 1];
}

/** The Services named in a ReplicaSet's `traffic.spinnaker.io/load-balancers` annotation. */
export function attachedServices(object: KubeObject): string[] {
  const raw = object.metadata.annotations?.[Annotation.loadBalancers];
  if (!raw) return [];
  try {
    const list = JSON.parse(raw) as unknown;
    return Array.isArray(list) ? list.map((s) => serviceName(String(s))) : [];
  } catch {
    throw ApplicationFailure.nonRetryable(`${Annotation.loadBalancers} on ${object.metadata.name} is not a JSON list`, ErrorType.KubernetesInvalidManifest);
  }
}

/** The union of the selectors of `services` in `namespace`; fails when one does not exist. */
export async function trafficLabels(client: KubeClient, namespace: string, services: string[]): Promise<Record<string, string>> {
  const labels: Record<string, string> = {};
  for (const name of services) {
    const service = await attempt(`read Service ${namespace}/${name}`, () => client.get({ apiVersion: 'v1', kind: 'Service', namespace, name }));
    if (!service) throw ApplicationFailure.nonRetryable(`Service '${name}' does not exist in namespace '${namespace}'`, ErrorType.KubernetesNotFound);
    const selector = (service.spec?.selector ?? {}) as Record<string, string>;
    if (!Object.keys(selector).length) throw ApplicationFailure.nonRetryable(`Service '${name}' has no selector to route by`, ErrorType.KubernetesInvalidManifest);
    Object.assign(labels, selector);
  }
  return labels;
}

/** Fails when the ReplicaSet selects its pods by a traffic label (disabling would orphan them). */
export function assertSelectorIndependent(replicaSet: KubeObject, labels: Record<string, string>): void {
  const selector = ((replicaSet.spec?.selector as { matchLabels?: Record<string, string> } | undefined)?.matchLabels ?? {}) as Record<string, string>;
  const shared = Object.keys(labels).filter((k) => k in selector);
  if (shared.length) {
    throw ApplicationFailure.nonRetryable(
      `ReplicaSet '${replicaSet.metadata.name}' selects pods by ${shared.join(', ')}, which its Services also select: traffic could not be turned off without orphaning pods`,
      ErrorType.KubernetesInvalidManifest,
    );
  }
}

/** The manifest with the traffic labels added to (enabled) or removed from (disabled) its template. */
export function withTrafficLabels(manifest: KubeObject, labels: Record<string, string>, enabled: boolean, services: string[]): KubeObject {
  const m = structuredClone(manifest);
  const template = (m.spec?.template ?? {}) as { metadata?: { labels?: Record<string, string> } };
  template.metadata = template.metadata ?? {};
  const current = { ...template.metadata.labels };
  for (const [key, value] of Object.entries(labels)) {
    if (enabled) current[key] = value;
    else delete current[key];
  }
  template.metadata.labels = current;
  m.metadata.annotations = { ...m.metadata.annotations, [Annotation.loadBalancers]: JSON.stringify(services.map((s) => `service ${s}`)) };
  return m;
}

/**
 * Enables or disables a running ReplicaSet: patches its template and every pod it owns. Merge
 * patches with `null` remove a label, so a repeat (a retried activity) is harmless.
 */
export async function setReplicaSetTraffic(client: KubeClient, replicaSet: KubeObject, labels: Record<string, string>, enabled: boolean): Promise<number> {
  assertSelectorIndependent(replicaSet, labels);
  const namespace = replicaSet.metadata.namespace;
  const patchLabels = Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, enabled ? v : null]));
  const ref = { apiVersion: replicaSet.apiVersion, kind: replicaSet.kind, namespace, name: replicaSet.metadata.name };
  await attempt(`${enabled ? 'enable' : 'disable'} ReplicaSet ${namespace}/${ref.name}`, () =>
    client.patch(ref, { spec: { template: { metadata: { labels: patchLabels } } } }, 'merge'),
  );
  const matchLabels = ((replicaSet.spec?.selector as { matchLabels?: Record<string, string> } | undefined)?.matchLabels ?? {}) as Record<string, string>;
  const selector = Object.entries(matchLabels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const pods = await attempt(`list the pods of ReplicaSet ${namespace}/${ref.name}`, () => client.list({ apiVersion: 'v1', kind: 'Pod', namespace, labelSelector: selector }));
  const owned = pods.filter((p) => p.metadata.ownerReferences?.some((o) => o.uid === replicaSet.metadata.uid));
  for (const pod of owned) {
    await attempt(`relabel pod ${namespace}/${pod.metadata.name}`, async () => {
      try {
        await client.patch({ apiVersion: 'v1', kind: 'Pod', namespace, name: pod.metadata.name }, { metadata: { labels: patchLabels } }, 'merge');
      } catch (err) {
        // A pod that went away meanwhile needs no relabelling.
        if ((err as { status?: number }).status !== 404) throw err;
      }
    });
  }
  return owned.length;
}
