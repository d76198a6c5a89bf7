import { ApplicationFailure } from '@temporalio/activity';
import { ErrorType } from '../../../workflows/model/error-types';
import type { ClusterConnection } from '../connector';
import type { KubeObject, ObjectRef } from './api-client';
import { attempt } from './errors';
import { resolveKind } from './kinds';
import { Annotation, versionOf } from './manifest';
import type { ClusterVersion, TargetSpec } from './types';
import { attachedServices } from './traffic';

/** `replicaSet web-v002` → kind and name (Spinnaker's `manifestName`). */
export function parseManifestName(manifestName: string): { kind: string; apiVersion?: string; name: string } {
  const parts = manifestName.trim().split(/\s+/);
  if (parts.length !== 2) throw ApplicationFailure.nonRetryable(`manifestName '${manifestName}' is not '<kind> <name>'`, ErrorType.InvalidInput);
  return { ...resolveKind(parts[0]), name: parts[1] };
}

function apiVersionOf(kind: string, apiVersion: string | undefined): string {
  if (!apiVersion) throw ApplicationFailure.nonRetryable(`kind '${kind}' is not one Gennaker knows how to address by name`, ErrorType.InvalidInput);
  return apiVersion;
}

/** Every version of a cluster (`replicaSet web`), oldest first, with replicas and traffic state. */
export async function clusterVersions(connection: ClusterConnection, spec: { location?: string; cluster: string }): Promise<ClusterVersion[]> {
  const { kind, apiVersion } = parseManifestName(spec.cluster);
  const namespace = spec.location ?? connection.defaultNamespace;
  connection.assertNamespace(namespace);
  const objects = await attempt(`list ${kind}s in ${namespace}`, () => connection.client.list({ apiVersion: apiVersionOf(kind, apiVersion), kind, namespace }));
  const members = objects
    .filter((o) => o.metadata.annotations?.[Annotation.cluster] === spec.cluster && !o.metadata.deletionTimestamp)
    .sort((a, b) => (versionOf(a) ?? 0) - (versionOf(b) ?? 0) || String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)));
  const selectors = new Map<string, Record<string, string>>();
  for (const name of new Set(members.flatMap(attachedServices))) {
    const service = await attempt(`read Service ${namespace}/${name}`, () => connection.client.get({ apiVersion: 'v1', kind: 'Service', namespace, name }));
    selectors.set(name, (service?.spec?.selector ?? {}) as Record<string, string>);
  }
  return members.map((o) => toVersion(o, selectors));
}

/** A version receives traffic when its pod template carries every label its Services select. */
function toVersion(o: KubeObject, selectors: Map<string, Record<string, string>>): ClusterVersion {
  const services = attachedServices(o);
  const labels = ((o.spec?.template ?? {}) as { metadata?: { labels?: Record<string, string> } }).metadata?.labels ?? {};
  const routed = services.every((s) => Object.entries(selectors.get(s) ?? {}).every(([k, v]) => labels[k] === v));
  return {
    ref: { apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name },
    version: o.metadata.annotations?.[Annotation.artifactVersion],
    replicas: typeof o.spec?.replicas === 'number' ? o.spec.replicas : 0,
    createdAt: o.metadata.creationTimestamp,
    trafficEnabled: services.length ? routed : null,
  };
}

/** Resolves a static or dynamic target to one object; fails non-retryably when there is none. */
export async function resolveTarget(connection: ClusterConnection, spec: TargetSpec): Promise<ObjectRef> {
  const namespace = spec.location ?? connection.defaultNamespace;
  connection.assertNamespace(namespace);
  if (spec.manifestName) {
    const { kind, apiVersion, name } = parseManifestName(spec.manifestName);
    const namespaced = await attempt(`look up kind ${kind}`, () => connection.client.isNamespaced(apiVersionOf(kind, apiVersion), kind));
    return { apiVersion: apiVersionOf(kind, apiVersion), kind, namespace: namespaced ? namespace : undefined, name };
  }
  if (!spec.cluster) throw ApplicationFailure.nonRetryable('a target needs manifestName, or cluster and criteria', ErrorType.InvalidInput);
  const versions = await clusterVersions(connection, { location: namespace, cluster: spec.cluster });
  const byReplicas = [...versions].sort((a, b) => a.replicas - b.replicas);
  const pick = {
    newest: versions[versions.length - 1],
    second_newest: versions[versions.length - 2],
    oldest: versions[0],
    largest: byReplicas[byReplicas.length - 1],
    smallest: byReplicas[0],
  }[spec.criteria ?? 'newest'];
  if (!pick) throw ApplicationFailure.nonRetryable(`cluster '${spec.cluster}' in '${namespace}' has no ${spec.criteria ?? 'newest'} version`, ErrorType.KubernetesNotFound);
  return pick.ref;
}
