import { ApplicationFailure, log } from '@temporalio/activity';
import { ErrorType } from '../../../workflows/model/error-types';
import type { ClusterConnection } from '../connector';
import type { KubeObject } from './api-client';
import { attempt } from './errors';
import { annotate, Annotation, applyPriority, bindVersionedReferences, contentHash, forOutput, isVersioned, validateManifest, withVersion } from './manifest';
import { assertSelectorIndependent, serviceName, trafficLabels, withTrafficLabels } from './traffic';
import type { DeployedManifest, DeployManifestsInput, DeployManifestsResult } from './types';
import { chooseVersion, listVersions, versionsToPrune } from './versions';

interface Prepared {
  manifest: KubeObject;
  baseName: string;
  version?: { tag: string; reused: boolean; maxHistory?: number };
}

const refOf = (m: KubeObject) => ({ apiVersion: m.apiVersion, kind: m.kind, namespace: m.metadata.namespace, name: m.metadata.name });
const describe = (m: KubeObject) => `${m.kind} ${m.metadata.namespace ? `${m.metadata.namespace}/` : ''}${m.metadata.name}`;

/** Validation, namespaces and annotations for every manifest, before anything is sent. */
export async function prepare(connection: ClusterConnection, input: DeployManifestsInput): Promise<KubeObject[]> {
  const manifests = input.manifests.map(validateManifest);
  if (!manifests.length) throw ApplicationFailure.nonRetryable('no manifests to deploy', ErrorType.KubernetesInvalidManifest);
  const prepared: KubeObject[] = [];
  for (const manifest of manifests) {
    const namespaced = await attempt(`look up kind ${manifest.kind} (${manifest.apiVersion})`, () => connection.client.isNamespaced(manifest.apiVersion, manifest.kind));
    const namespace = namespaced ? (input.namespaceOverride || manifest.metadata.namespace || connection.defaultNamespace) : undefined;
    connection.assertNamespace(namespace);
    prepared.push(annotate(manifest, { namespace, moniker: input.moniker, application: input.application }));
  }
  return prepared;
}

/** Gives versioned kinds their `-vNNN` names and rebinds references to versioned ConfigMaps/Secrets. */
async function version(connection: ClusterConnection, manifests: KubeObject[]): Promise<Prepared[]> {
  const renamed = new Map<string, { configMaps: Map<string, string>; secrets: Map<string, string> }>();
  const renamesIn = (namespace = '') => renamed.get(namespace) ?? renamed.set(namespace, { configMaps: new Map(), secrets: new Map() }).get(namespace)!;
  const versioned: Prepared[] = [];
  // Config first, so workloads deployed with it can be pointed at its new version.
  const ordered = [...manifests].sort((a, b) => applyPriority(a.kind) - applyPriority(b.kind));
  for (const raw of ordered) {
    const manifest = bindVersionedReferences(raw, renamesIn(raw.metadata.namespace));
    const baseName = manifest.metadata.name;
    if (!isVersioned(manifest)) {
      versioned.push({ manifest, baseName });
      continue;
    }
    const hash = contentHash(manifest);
    const existing = await attempt(`list the versions of ${describe(manifest)}`, () =>
      listVersions(connection.client, { apiVersion: manifest.apiVersion, kind: manifest.kind, namespace: manifest.metadata.namespace, baseName }),
    );
    const choice = chooseVersion(existing, hash);
    const next = withVersion(manifest, choice.version, hash);
    if (manifest.kind === 'ConfigMap') renamesIn(manifest.metadata.namespace).configMaps.set(baseName, next.metadata.name);
    if (manifest.kind === 'Secret') renamesIn(manifest.metadata.namespace).secrets.set(baseName, next.metadata.name);
    const maxHistory = Number(manifest.metadata.annotations?.[Annotation.maxVersionHistory]);
    versioned.push({
      manifest: next,
      baseName,
      version: { tag: next.metadata.annotations![Annotation.artifactVersion], reused: choice.reused, maxHistory: Number.isInteger(maxHistory) && maxHistory > 0 ? maxHistory : undefined },
    });
  }
  return versioned;
}

/** Attaches the stage's Services to ReplicaSets, with the Services' labels on or off. */
async function attachTraffic(connection: ClusterConnection, prepared: Prepared[], traffic: DeployManifestsInput['traffic']): Promise<void> {
  if (!traffic?.services.length) return;
  const services = traffic.services.map(serviceName);
  for (const item of prepared) {
    if (item.manifest.kind !== 'ReplicaSet') continue;
    const labels = await trafficLabels(connection.client, item.manifest.metadata.namespace ?? connection.defaultNamespace, services);
    assertSelectorIndependent(item.manifest, labels);
    item.manifest = withTrafficLabels(item.manifest, labels, traffic.enabled, services);
  }
}

/** Deletes versions beyond `strategy.spinnaker.io/max-version-history`. */
async function prune(connection: ClusterConnection, item: Prepared): Promise<string[]> {
  const max = item.version?.maxHistory;
  if (!max) return [];
  const m = item.manifest;
  const existing = await attempt(`list the versions of ${describe(m)}`, () =>
    listVersions(connection.client, { apiVersion: m.apiVersion, kind: m.kind, namespace: m.metadata.namespace, baseName: item.baseName }),
  );
  const doomed = versionsToPrune(existing, max, m.metadata.name);
  for (const old of doomed) {
    await attempt(`delete old version ${describe(old.object)}`, () => connection.client.delete(refOf(old.object), { propagationPolicy: 'Background' }));
  }
  return doomed.map((v) => v.object.metadata.name);
}

/**
 * Deploys manifests as Spinnaker does: validates all of them and dry-runs every apply before the
 * first real one (a bad manifest leaves the cluster untouched), then applies them with server-side
 * apply. Safe to retry: the same content maps to the same version and apply is idempotent.
 */
export async function deployManifests(connection: ClusterConnection, input: DeployManifestsInput): Promise<DeployManifestsResult> {
  const callsBefore = connection.client.calls;
  const prepared = await version(connection, await prepare(connection, input));
  await attachTraffic(connection, prepared, input.traffic);
  // After versioning, so the content hash (and a retry's choice of version) ignores the override.
  const desired = new Map<Prepared, number>();
  if (input.initialReplicas !== undefined) {
    for (const item of prepared.filter((p) => p.manifest.kind === 'ReplicaSet')) {
      desired.set(item, typeof item.manifest.spec?.replicas === 'number' ? item.manifest.spec.replicas : 1);
      item.manifest = { ...item.manifest, spec: { ...item.manifest.spec, replicas: input.initialReplicas } };
    }
  }

  // Objects in a namespace this deploy creates cannot be dry-run before the namespace exists.
  const newNamespaces = new Set(prepared.filter((p) => p.manifest.kind === 'Namespace').map((p) => p.manifest.metadata.name));
  for (const { manifest } of prepared) {
    if (manifest.metadata.namespace && newNamespaces.has(manifest.metadata.namespace)) continue;
    await attempt(`apply ${describe(manifest)}`, () => connection.client.apply(manifest, { dryRun: true }));
  }

  const deployed: DeployedManifest[] = [];
  for (const item of prepared) {
    const applied = await attempt(`apply ${describe(item.manifest)}`, () => connection.client.apply(item.manifest));
    const pruned = await prune(connection, item);
    log.info('applied manifest', { object: describe(applied), version: item.version?.tag, reused: item.version?.reused });
    deployed.push({
      ref: refOf(applied),
      manifest: forOutput(applied),
      cluster: applied.metadata.annotations?.[Annotation.cluster] ?? '',
      baseName: item.baseName,
      ...(item.version ? { version: item.version.tag, reusedVersion: item.version.reused } : {}),
      ...(pruned.length ? { pruned } : {}),
      ...(desired.has(item) ? { desiredReplicas: desired.get(item) } : {}),
    });
  }
  return { deployed, apiCalls: connection.client.calls - callsBefore };
}
