import type { KubeObject, PriorState, RevertAction } from '../../../activities/cloud/kubernetes/types';

/** Spinnaker's annotations the plan reads (the activity module that defines them uses Node). */
const ARTIFACT_NAME = 'artifact.spinnaker.io/name';
const LOAD_BALANCERS = 'traffic.spinnaker.io/load-balancers';

const refOf = (m: KubeObject) => ({ apiVersion: m.apiVersion, kind: m.kind, namespace: m.metadata.namespace, name: m.metadata.name });

/**
 * How to undo a deploy, from what the cluster held before it (`previous`) and what it applied
 * (`deployed`): re-enable the versions that served traffic before, roll Deployments back to their
 * previous revision, then disable and delete what the deploy created (newest objects first).
 * Objects that existed before and are not Deployments are left as they are.
 */
export function revertPlan(previous: PriorState[], deployed: KubeObject[]): RevertAction[] {
  const enable: RevertAction[] = [];
  const rollback: RevertAction[] = [];
  const disable: RevertAction[] = [];
  const remove: RevertAction[] = [];
  for (const m of deployed) {
    const ref = refOf(m);
    const baseName = m.metadata.annotations?.[ARTIFACT_NAME] ?? m.metadata.name;
    const prior = previous.find((p) => p.kind === m.kind && p.namespace === m.metadata.namespace && p.name === baseName);
    if (!prior) continue;
    if (prior.versions) {
      const before = prior.versions.find((v) => v.name === m.metadata.name);
      if (m.kind === 'ReplicaSet') {
        for (const v of prior.versions) if (v.trafficEnabled === true && v.name !== m.metadata.name) enable.push({ op: 'enable', ref: { ...ref, name: v.name } });
      }
      const routed = m.kind === 'ReplicaSet' && Boolean(m.metadata.annotations?.[LOAD_BALANCERS]);
      if (!before) {
        // Out of the Services before its pods go, so no request lands on a terminating pod.
        if (routed) disable.push({ op: 'disable', ref });
        remove.push({ op: 'delete', ref });
      } else if (routed && before.trafficEnabled === false) {
        disable.push({ op: 'disable', ref });
      }
    } else if (!prior.existed) {
      remove.push({ op: 'delete', ref });
    } else if (m.kind === 'Deployment' && prior.revision) {
      rollback.push({ op: 'rollback', ref, revision: prior.revision });
    }
  }
  return [...enable, ...rollback, ...disable, ...remove.reverse()];
}
