/**
 * The other manifest operations (Spinnaker's scale, delete, undo rollout, enable/disable, patch,
 * and reading a Job's logs). Each is idempotent: a retried activity converges to the same state.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { ErrorType } from '../../../workflows/model/error-types';
import type { ClusterConnection } from '../connector';
import { KubeApiError, type KubeObject, type ObjectRef, type PatchType } from './api-client';
import { attempt, kubeFailure } from './errors';
import { resolveKind } from './kinds';
import { resolveTarget } from './target';
import { attachedServices, setReplicaSetTraffic, trafficLabels } from './traffic';
import type { DeleteManifestsInput, JobLogsResult, TargetSpec } from './types';

const describe = (ref: ObjectRef) => `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;

async function mustGet(connection: ClusterConnection, ref: ObjectRef): Promise<KubeObject> {
  const object = await attempt(`read ${describe(ref)}`, () => connection.client.get(ref));
  if (!object) throw ApplicationFailure.nonRetryable(`${describe(ref)} does not exist`, ErrorType.KubernetesNotFound);
  return object;
}

/** Turns traffic to a ReplicaSet on or off through the Services it is attached to. */
export async function setTraffic(connection: ClusterConnection, input: TargetSpec & { enabled: boolean }): Promise<{ ref: ObjectRef; pods: number }> {
  const ref = await resolveTarget(connection, input);
  const object = await mustGet(connection, ref);
  if (object.kind !== 'ReplicaSet') throw ApplicationFailure.nonRetryable(`${describe(ref)}: only ReplicaSets can be enabled or disabled`, ErrorType.InvalidInput);
  const services = attachedServices(object);
  if (!services.length) throw ApplicationFailure.nonRetryable(`${describe(ref)} has no Services attached (traffic.spinnaker.io/load-balancers)`, ErrorType.InvalidInput);
  const labels = await trafficLabels(connection.client, ref.namespace ?? connection.defaultNamespace, services);
  return { ref, pods: await setReplicaSetTraffic(connection.client, object, labels, input.enabled) };
}

export async function scaleManifest(connection: ClusterConnection, input: TargetSpec & { replicas: number }): Promise<ObjectRef> {
  const ref = await resolveTarget(connection, input);
  await attempt(`scale ${describe(ref)} to ${input.replicas}`, () => connection.client.patch(ref, { spec: { replicas: input.replicas } }, 'merge'));
  return ref;
}

export async function patchManifest(connection: ClusterConnection, input: TargetSpec & { patchBody: unknown; mergeStrategy?: PatchType }): Promise<ObjectRef> {
  const ref = await resolveTarget(connection, input);
  await mustGet(connection, ref);
  await attempt(`patch ${describe(ref)}`, () => connection.client.patch(ref, input.patchBody, input.mergeStrategy ?? 'strategic'));
  return ref;
}

/** The ReplicaSets a Deployment owns, newest revision first. */
export async function deploymentRevisions(connection: ClusterConnection, deployment: KubeObject): Promise<{ rs: KubeObject; revision: number; history: number[] }[]> {
  const namespace = deployment.metadata.namespace;
  const replicaSets = await attempt(`list the ReplicaSets of Deployment ${namespace}/${deployment.metadata.name}`, () =>
    connection.client.list({ apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace }),
  );
  return replicaSets
    .filter((rs) => rs.metadata.ownerReferences?.some((o) => o.uid === deployment.metadata.uid))
    .map((rs) => ({
      rs,
      revision: Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0),
      // A template reused by a rollback gets a new revision; its earlier ones are listed here.
      history: (rs.metadata.annotations?.['deployment.kubernetes.io/revision-history'] ?? '').split(',').filter(Boolean).map(Number),
    }))
    .sort((a, b) => b.revision - a.revision);
}

/** Points a Deployment at the pod template of one of its ReplicaSets (what `kubectl rollout undo` does). */
export async function restoreTemplate(connection: ClusterConnection, ref: ObjectRef, replicaSet: KubeObject): Promise<void> {
  const template = structuredClone(replicaSet.spec?.template ?? {}) as { metadata?: { labels?: Record<string, string> } };
  // The controller adds this label itself; keeping it would pin the old hash.
  delete template.metadata?.labels?.['pod-template-hash'];
  await attempt(`roll back ${describe(ref)}`, () => connection.client.patch(ref, [{ op: 'replace', path: '/spec/template', value: template }], 'json'));
}

/** Rolls a Deployment back to the pod template of `numRevisionsBack` revisions ago (kubectl rollout undo). */
export async function undoRollout(connection: ClusterConnection, input: TargetSpec & { numRevisionsBack?: number }): Promise<{ ref: ObjectRef; revision: number }> {
  const ref = await resolveTarget(connection, input);
  if (ref.kind !== 'Deployment') throw ApplicationFailure.nonRetryable(`${describe(ref)}: undo rollout needs a Deployment`, ErrorType.InvalidInput);
  const revisions = await deploymentRevisions(connection, await mustGet(connection, ref));
  const back = input.numRevisionsBack ?? 1;
  const target = revisions[back];
  if (!target) throw ApplicationFailure.nonRetryable(`${describe(ref)} has ${revisions.length} revisions: cannot go back ${back}`, ErrorType.KubernetesNotFound);
  await restoreTemplate(connection, ref, target.rs);
  return { ref, revision: target.revision };
}

function labelSelector(selectors: NonNullable<DeleteManifestsInput['labelSelectors']>['selectors'] = []): string {
  return selectors
    .map(({ key, kind, values = [] }) => {
      switch (kind) {
        case 'EQUALS':
          return `${key}=${values[0] ?? ''}`;
        case 'NOT_EQUALS':
          return `${key}!=${values[0] ?? ''}`;
        case 'CONTAINS':
          return `${key} in (${values.join(',')})`;
        case 'NOT_CONTAINS':
          return `${key} notin (${values.join(',')})`;
        case 'EXISTS':
          return key;
        case 'NOT_EXISTS':
          return `!${key}`;
      }
    })
    .join(',');
}

/** Deletes one named object, or every object of `kinds` matching `labelSelectors`. */
export async function deleteManifests(connection: ClusterConnection, input: DeleteManifestsInput): Promise<{ deleted: string[] }> {
  const namespace = input.location ?? connection.defaultNamespace;
  const propagationPolicy = input.options?.cascading === false ? 'Orphan' : 'Background';
  const options = { propagationPolicy, gracePeriodSeconds: input.options?.gracePeriodSeconds } as const;
  let refs: ObjectRef[];
  if (input.manifestName) {
    refs = [await resolveTarget(connection, { account: input.account, location: namespace, manifestName: input.manifestName })];
  } else {
    const selector = labelSelector(input.labelSelectors?.selectors);
    if (!input.kinds?.length || !selector) throw ApplicationFailure.nonRetryable('deleteManifest needs manifestName, or kinds and labelSelectors', ErrorType.InvalidInput);
    connection.assertNamespace(namespace);
    refs = [];
    for (const name of input.kinds) {
      const { kind, apiVersion } = resolveKind(name);
      if (!apiVersion) throw ApplicationFailure.nonRetryable(`kind '${name}' is not one Gennaker knows how to list`, ErrorType.InvalidInput);
      const found = await attempt(`list ${kind}s matching ${selector}`, () => connection.client.list({ apiVersion, kind, namespace, labelSelector: selector }));
      refs.push(...found.map((o) => ({ apiVersion, kind, namespace: o.metadata.namespace, name: o.metadata.name })));
    }
  }
  const deleted: string[] = [];
  for (const ref of refs) {
    // Already gone counts as deleted: a retry after a crash must not fail.
    await attempt(`delete ${describe(ref)}`, () => connection.client.delete(ref, options));
    deleted.push(`${ref.kind.charAt(0).toLowerCase()}${ref.kind.slice(1)} ${ref.name}`);
  }
  return { deleted };
}

const PROPERTY_PREFIX = 'SPINNAKER_PROPERTY_';

/** `SPINNAKER_PROPERTY_NAME=value` lines → `{ name: value }` (keys lower-cased, as Spinnaker does). */
export function parseProperties(logs: string): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const line of logs.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed.startsWith(PROPERTY_PREFIX)) continue;
    const eq = trimmed.indexOf('=');
    if (eq <= PROPERTY_PREFIX.length) continue;
    properties[trimmed.slice(PROPERTY_PREFIX.length, eq).toLowerCase()] = trimmed.slice(eq + 1).trim();
  }
  return properties;
}

/** The log of a Job's newest pod, with the properties it printed. */
export async function jobLogs(connection: ClusterConnection, input: { account: string; ref: ObjectRef; container?: string }): Promise<JobLogsResult> {
  const { namespace, name } = input.ref;
  const ns = namespace ?? connection.defaultNamespace;
  const pods = await attempt(`list the pods of Job ${ns}/${name}`, () => connection.client.list({ apiVersion: 'v1', kind: 'Pod', namespace: ns, labelSelector: `job-name=${name}` }));
  const newest = pods.sort((a, b) => String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp)))[0];
  if (!newest) throw ApplicationFailure.nonRetryable(`Job ${ns}/${name} has no pods to read logs from`, ErrorType.KubernetesNotFound);
  let logs: string;
  try {
    logs = await connection.client.podLogs(ns, newest.metadata.name, input.container);
  } catch (err) {
    // The API server proxies logs from the node's kubelet; when it cannot reach one, retrying
    // for minutes would not help.
    if (err instanceof KubeApiError && err.status >= 500) throw ApplicationFailure.nonRetryable(err.message, ErrorType.KubernetesNotFound);
    throw kubeFailure(err, `read the log of pod ${ns}/${newest.metadata.name}`);
  }
  return { logs, properties: parseProperties(logs) };
}
