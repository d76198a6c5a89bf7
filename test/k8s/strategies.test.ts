import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventually, freshNamespace } from '../helpers/cluster';
import { pipelineConfig, result, stage, startPipeline } from '../helpers/pipelines';
import { useK8sTestContext, replicaSet, service } from './fixtures';

const t = useK8sTestContext();

const traffic = (strategy: string) => ({ enabled: true, options: { enableTraffic: true, services: ['service web'], strategy } });

async function deployVersion(ns: string, image: string, strategy: string) {
  const config = pipelineConfig([
    { refId: 'deploy', type: 'deployManifest', name: 'Deploy', account: 'local', namespaceOverride: ns, manifests: [replicaSet('web', { image })], trafficManagement: traffic(strategy) },
  ]);
  const done = await result(await startPipeline(t.worker.client, t.worker.taskQueue, config));
  assert.equal(done.status, 'SUCCEEDED', JSON.stringify(stage(done, 'deploy').exception));
  return stage(done, 'deploy');
}

/** Names of the pods the Service routes to (its selector), and of the pods behind its EndpointSlices. */
async function routedPods(ns: string) {
  const pods = await t.kube.list({ apiVersion: 'v1', kind: 'Pod', namespace: ns, labelSelector: 'frontend=web' });
  return pods.map((p) => p.metadata.name).sort();
}
async function endpointPods(ns: string) {
  const slices = await t.kube.list({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', namespace: ns, labelSelector: 'kubernetes.io/service-name=web' });
  return slices.flatMap((s) => ((s.endpoints ?? []) as { targetRef?: { name: string } }[]).map((e) => e.targetRef?.name ?? '')).sort();
}

describe('traffic strategies for ReplicaSets', () => {
  it('red/black: the new version takes the traffic, the old one keeps running without it; enable/disable roll it back', async () => {
    const ns = await freshNamespace(t.kube);
    await t.kube.apply({ ...service('web', { frontend: 'web' }), metadata: { name: 'web', namespace: ns } });
    await deployVersion(ns, 'web:1', 'redblack');
    const second = await deployVersion(ns, 'web:2', 'redblack');
    assert.deepEqual(second.context.trafficManagementResult, { enabled: ['web-v001'], disabled: ['web-v000'], deleted: [] });

    const v000 = await t.kube.get({ apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace: ns, name: 'web-v000' });
    assert.equal((v000!.status as { readyReplicas: number }).readyReplicas, 2, 'the old version still runs');
    const routed = await routedPods(ns);
    assert.equal(routed.length, 2);
    assert.ok(routed.every((p) => p.startsWith('web-v001-')), `routed: ${routed.join(', ')}`);
    await eventually(() => endpointPods(ns), (pods) => pods.length === 2 && pods.every((p) => p.startsWith('web-v001-')));

    // Roll back by hand, with Spinnaker's dynamic targets.
    const rollback = pipelineConfig([
      { refId: 'enable', type: 'enableManifest', name: 'Enable previous', account: 'local', location: ns, cluster: 'replicaSet web', criteria: 'second_newest', mode: 'dynamic' },
      { refId: 'disable', type: 'disableManifest', name: 'Disable newest', account: 'local', location: ns, cluster: 'replicaSet web', criteria: 'newest', mode: 'dynamic', requisiteStageRefIds: ['enable'] },
    ]);
    const done = await result(await startPipeline(t.worker.client, t.worker.taskQueue, rollback));
    assert.equal(done.status, 'SUCCEEDED', JSON.stringify(done.stages.map((s) => s.exception)));
    const after = await routedPods(ns);
    assert.ok(after.length === 2 && after.every((p) => p.startsWith('web-v000-')), `routed after rollback: ${after.join(', ')}`);
  });

  it('highlander: older versions are disabled, then deleted', async () => {
    const ns = await freshNamespace(t.kube);
    await t.kube.apply({ ...service('web', { frontend: 'web' }), metadata: { name: 'web', namespace: ns } });
    await deployVersion(ns, 'web:1', 'highlander');
    const second = await deployVersion(ns, 'web:2', 'highlander');
    assert.deepEqual(second.context.trafficManagementResult, { enabled: ['web-v001'], disabled: ['web-v000'], deleted: ['web-v000'] });
    const left = (await t.kube.list({ apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace: ns })).map((r) => r.metadata.name);
    assert.deepEqual(left, ['web-v001']);
    await eventually(() => routedPods(ns), (pods) => pods.length === 2 && pods.every((p) => p.startsWith('web-v001-')));
  });

  it('refuses a ReplicaSet whose own selector uses a label its Service routes by', async () => {
    const ns = await freshNamespace(t.kube);
    await t.kube.apply({ ...service('web', { app: 'web' }), metadata: { name: 'web', namespace: ns } });
    const config = pipelineConfig([
      { refId: 'deploy', type: 'deployManifest', name: 'Deploy', account: 'local', namespaceOverride: ns, manifests: [replicaSet('web')], trafficManagement: traffic('redblack') },
    ]);
    const done = await result(await startPipeline(t.worker.client, t.worker.taskQueue, config));
    assert.equal(done.status, 'TERMINAL');
    assert.match(stage(done, 'deploy').exception!.details.error, /selects pods by app, which its Services also select/);
    assert.deepEqual(await t.kube.list({ apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace: ns }), []);
  });
});
