import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StageConfig } from '../../workflows/model/pipeline';
import { eventually, freshNamespace } from '../helpers/cluster';
import { pipelineConfig, result, stage, startPipeline, statuses, waitForStageRunning } from '../helpers/pipelines';
import { deployment, useK8sTestContext, replicaSet, service } from './fixtures';

const t = useK8sTestContext();

const traffic = { enabled: true, options: { enableTraffic: true, services: ['service web'], strategy: 'redblack' } };
const failing = (after: string): StageConfig => ({
  refId: 'check',
  type: 'checkPreconditions',
  name: 'Smoke test',
  requisiteStageRefIds: [after],
  preconditions: [{ type: 'expression', context: { expression: '${false}', failureMessage: 'smoke test failed' } }],
});

const run = async (stages: StageConfig[]) => result(await startPipeline(t.worker.client, t.worker.taskQueue, pipelineConfig(stages)));
const replicaSetNames = async (ns: string) => (await t.kube.list({ apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace: ns })).map((r) => r.metadata.name).sort();
const routedPods = async (ns: string) => (await t.kube.list({ apiVersion: 'v1', kind: 'Pod', namespace: ns, labelSelector: 'frontend=web' })).map((p) => p.metadata.name);
const imageOf = (o: { spec?: Record<string, unknown> } | null) => (o?.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0].image;

describe('deployManifest rollbackOnFailure', () => {
  it('red/black: a later failing stage re-enables v000 and disables and deletes v001', async () => {
    const ns = await freshNamespace(t.kube);
    await t.kube.apply({ ...service('web', { frontend: 'web' }), metadata: { name: 'web', namespace: ns } });
    const deploy = (refId: string, image: string, extra: object = {}): StageConfig => ({
      refId,
      type: 'deployManifest',
      name: `Deploy ${image}`,
      account: 'local',
      namespaceOverride: ns,
      manifests: [replicaSet('web', { image })],
      trafficManagement: traffic,
      ...extra,
    });
    const done = await run([deploy('v1', 'web:1'), deploy('v2', 'web:2', { requisiteStageRefIds: ['v1'], rollbackOnFailure: true }), failing('v2')]);

    assert.equal(done.status, 'TERMINAL');
    assert.deepEqual(statuses(done), { v1: 'SUCCEEDED', v2: 'SUCCEEDED', check: 'TERMINAL' });
    const v2 = stage(done, 'v2');
    assert.deepEqual(v2.context.trafficManagementResult, { enabled: ['web-v001'], disabled: ['web-v000'], deleted: [] }, 'v2 had taken the traffic');
    assert.equal((v2.context.rollback as { status: string }).status, 'SUCCEEDED');
    assert.deepEqual((v2.context.rollbackResult as { done: string[] }).done, [`enabled ReplicaSet ${ns}/web-v000`, `disabled ReplicaSet ${ns}/web-v001`, `deleted ReplicaSet ${ns}/web-v001`]);
    assert.equal(stage(done, 'v1').context.rollback, undefined, 'v1 did not ask for a rollback');

    await eventually(() => replicaSetNames(ns), (names) => names.length === 1 && names[0] === 'web-v000');
    const routed = await eventually(() => routedPods(ns), (pods) => pods.length === 2 && pods.every((p) => p.startsWith('web-v000-')));
    const timing = v2.context.rollback as { startTime: number; endTime: number };
    process.stderr.write(`[figures] red/black rollback (enable v000, disable + delete v001): ${timing.endTime - timing.startTime} ms\n`);
    assert.equal(routed.length, 2);
  });

  it('a Deployment goes back to its previous image, and a Service the deploy created is deleted', async () => {
    const ns = await freshNamespace(t.kube);
    const first = await run([{ refId: 'v1', type: 'deployManifest', name: 'Deploy v1', account: 'local', manifests: [deployment('web', ns, { image: 'web:1' })] }]);
    assert.equal(first.status, 'SUCCEEDED');

    const done = await run([
      {
        refId: 'v2',
        type: 'deployManifest',
        name: 'Deploy v2',
        account: 'local',
        rollback: { onFailure: true },
        manifests: [deployment('web', ns, { image: 'web:2' }), { ...service('web-preview', { app: 'web' }), metadata: { name: 'web-preview', namespace: ns } }],
      },
      failing('v2'),
    ]);
    assert.equal(done.status, 'TERMINAL');
    const v2 = stage(done, 'v2');
    assert.deepEqual(v2.outputs.previousState, [
      { apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'web', existed: true, revision: 1 },
      { apiVersion: 'v1', kind: 'Service', namespace: ns, name: 'web-preview', existed: false },
    ]);
    assert.equal((v2.context.rollback as { status: string }).status, 'SUCCEEDED', JSON.stringify(v2.context.rollback));
    assert.deepEqual((v2.context.rollbackResult as { done: string[] }).done, [`rolled Deployment ${ns}/web back to revision 1`, `deleted Service ${ns}/web-preview`]);

    // The compensation waited for the rollout: the Deployment is stable on the old image.
    const live = await t.kube.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'web' });
    assert.equal(imageOf(live), 'web:1');
    const status = live!.status as { updatedReplicas: number; availableReplicas: number; replicas: number };
    assert.deepEqual([status.updatedReplicas, status.availableReplicas, status.replicas], [3, 3, 3]);
    assert.equal(live!.metadata.annotations!['deployment.kubernetes.io/revision'], '3', 'revision 1 came back as revision 3');
    assert.equal(await t.kube.get({ apiVersion: 'v1', kind: 'Service', namespace: ns, name: 'web-preview' }), null);
    const timing = v2.context.rollback as { startTime: number; endTime: number };
    process.stderr.write(`[figures] rollback of a 3-replica Deployment to its previous revision, stable: ${timing.endTime - timing.startTime} ms\n`);
  });

  it('deletes what did not exist before (a new Deployment and its versioned ConfigMap), also when cancelled', async () => {
    const ns = await freshNamespace(t.kube);
    const app = deployment('api', ns, { replicas: 1 });
    (app.spec.template.spec.containers[0] as Record<string, unknown>).envFrom = [{ configMapRef: { name: 'api-config' } }];
    const handle = await startPipeline(
      t.worker.client,
      t.worker.taskQueue,
      pipelineConfig([
        { refId: 'deploy', type: 'deployManifest', name: 'Deploy', account: 'local', rollbackOnFailure: true, manifests: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'api-config', namespace: ns }, data: { a: '1' } }, app] },
        { refId: 'wait', type: 'wait', name: 'Wait', waitTime: 600, requisiteStageRefIds: ['deploy'] },
      ]),
    );
    await eventually(() => t.kube.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'api-config-v000' }), (cm) => cm !== null);
    await waitForStageRunning(handle, 'wait', 30_000);
    await handle.cancel();
    const done = await result(handle);
    assert.equal(done.status, 'CANCELED');
    const deploy = stage(done, 'deploy');
    assert.deepEqual(deploy.context.rollback && (deploy.context.rollback as { status: string; reason: string }).reason, 'CANCELED');
    assert.deepEqual((deploy.context.rollbackResult as { done: string[] }).done, [`deleted Deployment ${ns}/api`, `deleted ConfigMap ${ns}/api-config-v000`]);
    assert.equal(await t.kube.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'api' }), null);
    assert.deepEqual(await t.kube.list({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, labelSelector: 'app.kubernetes.io/managed-by=gennaker' }), []);
  });
});
