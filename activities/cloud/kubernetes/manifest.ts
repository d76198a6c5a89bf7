/**
 * Pure manifest handling for deploys: validation, Spinnaker's moniker/artifact annotations,
 * version names, and binding versioned ConfigMaps/Secrets into the workloads that use them.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { createHash } from 'node:crypto';
import { ErrorType } from '../../../workflows/model/error-types';
import type { KubeObject } from './api-client';
import { spinnakerKind, VERSIONED_BY_DEFAULT } from './kinds';

/** Spinnaker's annotations (and Gennaker's one addition, the content hash). */
export const Annotation = {
  application: 'moniker.spinnaker.io/application',
  cluster: 'moniker.spinnaker.io/cluster',
  stack: 'moniker.spinnaker.io/stack',
  detail: 'moniker.spinnaker.io/detail',
  sequence: 'moniker.spinnaker.io/sequence',
  artifactName: 'artifact.spinnaker.io/name',
  artifactType: 'artifact.spinnaker.io/type',
  artifactLocation: 'artifact.spinnaker.io/location',
  artifactVersion: 'artifact.spinnaker.io/version',
  versioned: 'strategy.spinnaker.io/versioned',
  maxVersionHistory: 'strategy.spinnaker.io/max-version-history',
  loadBalancers: 'traffic.spinnaker.io/load-balancers',
  /** Hash of what was asked to be deployed: an identical redeploy (or a retry) reuses its version. */
  contentHash: 'deploy.gennaker.io/content-hash',
} as const;

/** Spinnaker's moniker: naming fields that group versions into a cluster. */
export interface Moniker {
  app?: string;
  cluster?: string;
  stack?: string;
  detail?: string;
}

/** Kinds that carry a pod template at `spec.template`. */
const WORKLOAD_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job']);

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

function invalid(message: string): never {
  throw ApplicationFailure.nonRetryable(message, ErrorType.KubernetesInvalidManifest);
}

/** Checks the fields every manifest needs; fails non-retryably with the manifest's position. */
export function validateManifest(raw: unknown, index: number): KubeObject {
  const where = `manifest #${index + 1}`;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) invalid(`${where} is not an object`);
  const m = raw as Partial<KubeObject>;
  if (typeof m.apiVersion !== 'string' || !m.apiVersion) invalid(`${where} has no apiVersion`);
  if (typeof m.kind !== 'string' || !m.kind) invalid(`${where} has no kind`);
  const name = m.metadata?.name;
  if (typeof name !== 'string' || !name) invalid(`${where} (${m.kind}) has no metadata.name`);
  if (!DNS_SUBDOMAIN.test(name)) invalid(`${where} (${m.kind} '${name}'): metadata.name must be lower-case letters, digits, '-' or '.'`);
  return structuredClone(m as KubeObject);
}

/** Whether deploys create a new `-vNNN` object instead of updating one in place. */
export function isVersioned(manifest: KubeObject): boolean {
  const explicit = manifest.metadata.annotations?.[Annotation.versioned];
  if (explicit !== undefined) return explicit === 'true';
  return VERSIONED_BY_DEFAULT.has(manifest.kind);
}

/** Writes namespace, moniker and artifact annotations (also on a workload's pod template). */
export function annotate(manifest: KubeObject, options: { namespace?: string; moniker?: Moniker; application: string }): KubeObject {
  const m = structuredClone(manifest);
  const moniker = options.moniker ?? {};
  const app = moniker.app || options.application;
  const baseName = m.metadata.name;
  if (options.namespace !== undefined) m.metadata.namespace = options.namespace;
  else delete m.metadata.namespace;
  const monikerAnnotations: Record<string, string> = {
    [Annotation.application]: app,
    [Annotation.cluster]: moniker.cluster || `${spinnakerKind(m.kind)} ${baseName}`,
    ...(moniker.stack ? { [Annotation.stack]: moniker.stack } : {}),
    ...(moniker.detail ? { [Annotation.detail]: moniker.detail } : {}),
  };
  m.metadata.annotations = {
    ...m.metadata.annotations,
    ...monikerAnnotations,
    [Annotation.artifactName]: baseName,
    [Annotation.artifactType]: `kubernetes/${spinnakerKind(m.kind)}`,
    ...(options.namespace !== undefined ? { [Annotation.artifactLocation]: options.namespace } : {}),
  };
  m.metadata.labels = { 'app.kubernetes.io/name': app, 'app.kubernetes.io/managed-by': 'gennaker', ...m.metadata.labels };
  const template = podTemplate(m);
  if (template) {
    template.metadata = template.metadata ?? {};
    template.metadata.annotations = { ...template.metadata.annotations, ...monikerAnnotations };
  }
  return m;
}

/** A stable hash of a manifest (keys sorted), for "is this the same deploy as that version?". */
export function contentHash(manifest: KubeObject): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
          )
        : value;
  return createHash('sha256').update(JSON.stringify(canonical(manifest))).digest('hex').slice(0, 16);
}

/** `web` + 2 → `web-v002`, with the version annotations. */
export function withVersion(manifest: KubeObject, version: number, hash: string): KubeObject {
  const m = structuredClone(manifest);
  const tag = `v${String(version).padStart(3, '0')}`;
  m.metadata.name = `${m.metadata.name}-${tag}`;
  m.metadata.annotations = { ...m.metadata.annotations, [Annotation.artifactVersion]: tag, [Annotation.sequence]: String(version), [Annotation.contentHash]: hash };
  const template = podTemplate(m);
  if (template?.metadata) template.metadata.annotations = { ...template.metadata.annotations, [Annotation.sequence]: String(version) };
  return m;
}

/** The version number of a versioned object (from its annotation, else its `-vNNN` suffix). */
export function versionOf(object: KubeObject): number | undefined {
  const tag = object.metadata.annotations?.[Annotation.artifactVersion] ?? /-(v\d{3})$/.exec(object.metadata.name)?.[1];
  const match = tag ? /^v(\d+)$/.exec(tag) : null;
  return match ? Number(match[1]) : undefined;
}

interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: PodSpec;
}
interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  volumes?: { configMap?: { name?: string }; secret?: { secretName?: string }; projected?: { sources?: { configMap?: { name?: string }; secret?: { name?: string } }[] } }[];
}
interface Container {
  envFrom?: { configMapRef?: { name?: string }; secretRef?: { name?: string } }[];
  env?: { valueFrom?: { configMapKeyRef?: { name?: string }; secretKeyRef?: { name?: string } } }[];
}

/** The pod template of a workload (`spec.template`), if the kind has one. */
export function podTemplate(manifest: KubeObject): PodTemplate | undefined {
  if (!WORKLOAD_KINDS.has(manifest.kind)) return undefined;
  return manifest.spec?.template as PodTemplate | undefined;
}

/**
 * Points workloads at the versions of ConfigMaps and Secrets deployed with them (Spinnaker's
 * artifact binding): `configMapRef: app-config` becomes `app-config-v003`.
 */
export function bindVersionedReferences(manifest: KubeObject, renamed: { configMaps: Map<string, string>; secrets: Map<string, string> }): KubeObject {
  const m = structuredClone(manifest);
  const spec = manifest.kind === 'Pod' ? (m.spec as PodSpec | undefined) : podTemplate(m)?.spec;
  if (!spec) return m;
  const cm = (name?: string) => (name && renamed.configMaps.get(name)) || name;
  const sec = (name?: string) => (name && renamed.secrets.get(name)) || name;
  for (const volume of spec.volumes ?? []) {
    if (volume.configMap) volume.configMap.name = cm(volume.configMap.name);
    if (volume.secret) volume.secret.secretName = sec(volume.secret.secretName);
    for (const source of volume.projected?.sources ?? []) {
      if (source.configMap) source.configMap.name = cm(source.configMap.name);
      if (source.secret) source.secret.name = sec(source.secret.name);
    }
  }
  for (const container of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    for (const from of container.envFrom ?? []) {
      if (from.configMapRef) from.configMapRef.name = cm(from.configMapRef.name);
      if (from.secretRef) from.secretRef.name = sec(from.secretRef.name);
    }
    for (const env of container.env ?? []) {
      if (env.valueFrom?.configMapKeyRef) env.valueFrom.configMapKeyRef.name = cm(env.valueFrom.configMapKeyRef.name);
      if (env.valueFrom?.secretKeyRef) env.valueFrom.secretKeyRef.name = sec(env.valueFrom.secretKeyRef.name);
    }
  }
  return m;
}

/** Apply order: namespaces and definitions first, then config, then services, then workloads. */
export function applyPriority(kind: string): number {
  if (kind === 'Namespace' || kind === 'CustomResourceDefinition') return 0;
  if (['ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'Secret', 'PersistentVolumeClaim'].includes(kind)) return 1;
  if (kind === 'Service') return 2;
  return 3;
}

/** The manifest as the stage reports it: no managedFields noise. */
export function forOutput(object: KubeObject): KubeObject {
  const { managedFields: _managed, ...metadata } = object.metadata;
  return { ...object, metadata: metadata as KubeObject['metadata'] };
}
