/**
 * Undoing a deploy (the `deployManifest` stage's rollback on a later failure): re-enable what was
 * serving before, restore Deployments to their previous revision, take the new versions out of
 * their Services and delete what the deploy created. Each step converges, so a retried activity
 * or an object already removed by hand is harmless.
 */
import type { ClusterConnection } from '../connector';
import type { ObjectRef } from './api-client';
import { attempt } from './errors';
import { deploymentRevisions, restoreTemplate } from './operations';
import { attachedServices, setReplicaSetTraffic, trafficLabels } from './traffic';
import type { RevertAction, RevertResult } from './types';

const describe = (ref: ObjectRef) => `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;

async function step(connection: ClusterConnection, action: RevertAction, result: RevertResult): Promise<void> {
  const { ref } = action;
  if (action.op === 'delete') {
    const existed = await attempt(`delete ${describe(ref)}`, () => connection.client.delete(ref, { propagationPolicy: 'Background' }));
    (existed ? result.done : result.skipped).push(existed ? `deleted ${describe(ref)}` : `${describe(ref)} is already gone`);
    return;
  }
  const object = await attempt(`read ${describe(ref)}`, () => connection.client.get(ref));
  if (!object) {
    result.skipped.push(`${describe(ref)} is gone`);
    return;
  }
  if (action.op === 'rollback') {
    const current = Number(object.metadata.annotations?.['deployment.kubernetes.io/revision']);
    const revisions = await deploymentRevisions(connection, object);
    const target = revisions.find((r) => r.revision === action.revision || r.history.includes(action.revision));
    if (!target) {
      result.skipped.push(`${describe(ref)} no longer has revision ${action.revision}`);
    } else if (target.revision === current) {
      result.skipped.push(`${describe(ref)} is already on the template of revision ${action.revision}`);
    } else {
      await restoreTemplate(connection, ref, target.rs);
      result.done.push(`rolled ${describe(ref)} back to revision ${action.revision}`);
    }
    result.waitFor.push(ref);
    return;
  }
  const services = attachedServices(object);
  if (!services.length) {
    result.skipped.push(`${describe(ref)} has no Services attached`);
    return;
  }
  const labels = await trafficLabels(connection.client, ref.namespace ?? connection.defaultNamespace, services);
  await setReplicaSetTraffic(connection.client, object, labels, action.op === 'enable');
  result.done.push(`${action.op}d ${describe(ref)}`);
}

/** Performs the steps in order; missing objects are reported as skipped, not as failures. */
export async function revertDeploy(connection: ClusterConnection, input: { actions: RevertAction[] }): Promise<RevertResult> {
  const result: RevertResult = { done: [], skipped: [], waitFor: [] };
  for (const action of input.actions) {
    connection.assertNamespace(action.ref.namespace);
    await step(connection, action, result);
  }
  return result;
}
