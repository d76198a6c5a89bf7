import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freshNamespace } from '../helpers/cluster';
import { pipelineConfig, result, stage, startPipeline } from '../helpers/pipelines';
import { deployment, useK8sTestContext } from './fixtures';

const t = useK8sTestContext();

const run = async (stages: object[]) => {
  const done = await result(await startPipeline(t.worker.client, t.worker.taskQueue, pipelineConfig(stages as never)));
  assert.equal(done.status, 'SUCCEEDED', JSON.stringify(done.stages.map((s) => s.exception).filter(Boolean)));
  return done;
};
const deployStage = (refId: string, manifest: object, requisiteStageRefIds: string[] = []) => ({ refId, type: 'deployManifest', name: `Deploy ${refId}`, account: 'local', manifests: [manifest], requisiteStageRefIds });
const image = async (ns: string) =>
  ((await t.kube.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'web' }))!.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0].image;

describe('manifest operations', () => {
  it('scaleManifest scales a Deployment and waits until the new replicas are available', async () => {
    const ns = await freshNamespace(t.kube);
    await run([
      deployStage('1', deployment('web', ns, { replicas: 2 })),
      { refId: '2', type: 'scaleManifest', name: 'Scale', account: 'local', location: ns, manifestName: 'deployment web', replicas: '${#toInt("5")}', requisiteStageRefIds: ['1'] },
    ]);
    const live = await t.kube.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'web' });
    assert.equal((live!.status as { availableReplicas: number }).availableReplicas, 5);
  });

  it('patchManifest and undoRolloutManifest: a patched image rolls out, then rolls back one revision', async () => {
    const ns = await freshNamespace(t.kube);
    await run([
      deployStage('1', deployment('web', ns, { image: 'web:1' })),
      {
        refId: '2',
        type: 'patchManifest',
        name: 'Patch',
        account: 'local',
        location: ns,
        manifestName: 'deployment web',
        patchBody: { spec: { template: { spec: { containers: [{ name: 'app', image: 'web:2' }] } } } },
        options: { mergeStrategy: 'strategic' },
        requisiteStageRefIds: ['1'],
      },
    ]);
    assert.equal(await image(ns), 'web:2');
    const done = await run([{ refId: 'undo', type: 'undoRolloutManifest', name: 'Undo', account: 'local', location: ns, manifestName: 'deployment web', numRevisionsBack: 1 }]);
    assert.equal(await image(ns), 'web:1');
    assert.equal(stage(done, 'undo').outputs.rolledBackToRevision, 1);
    const live = await t.kube.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'web' });
    assert.equal((live!.status as { updatedReplicas: number }).updatedReplicas, 3, 'the rollback rolled out');
  });

  it('deleteManifest deletes by name, and by kinds and label selectors', async () => {
    const ns = await freshNamespace(t.kube);
    const cm = (name: string, tier: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, labels: { tier }, annotations: { 'strategy.spinnaker.io/versioned': 'false' } }, data: {} });
    await run([{ refId: '1', type: 'deployManifest', name: 'Deploy', account: 'local', manifests: [cm('a', 'front'), cm('b', 'front'), cm('c', 'back'), deployment('web', ns, { replicas: 1 })] }]);
    const done = await run([
      { refId: 'byName', type: 'deleteManifest', name: 'Delete web', account: 'local', location: ns, manifestName: 'deployment web', options: { cascading: true } },
      {
        refId: 'bySelector',
        type: 'deleteManifest',
        name: 'Delete front',
        account: 'local',
        location: ns,
        kinds: ['configMap'],
        labelSelectors: { selectors: [{ key: 'tier', kind: 'EQUALS', values: ['front'] }] },
      },
    ]);
    assert.deepEqual(stage(done, 'bySelector').outputs.manifestNamesByNamespace, { [ns]: ['configMap a', 'configMap b'] });
    assert.equal(await t.kube.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'web' }), null);
    const left = (await t.kube.list({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, labelSelector: 'tier' })).map((c) => c.metadata.name);
    assert.deepEqual(left, ['c']);
  });

  it('runJobManifest runs a Job to completion under a name unique to the stage run', async () => {
    const ns = await freshNamespace(t.kube);
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'migrate', namespace: ns },
      spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'migrate', image: 'busybox', command: ['echo', 'SPINNAKER_PROPERTY_SCHEMA=42'] }] } } },
    };
    const done = await run([{ refId: 'job', type: 'runJobManifest', name: 'Migrate', account: 'local', manifest: job }]);
    const name = stage(done, 'job').context.jobName as string;
    assert.match(name, /^migrate-[0-9a-z]{5}$/);
    const live = await t.kube.get({ apiVersion: 'batch/v1', kind: 'Job', namespace: ns, name });
    assert.ok((live!.status as { conditions: { type: string; status: string }[] }).conditions.some((c) => c.type === 'Complete' && c.status === 'True'));
    // kwok's fake kubelet serves no container logs, so the properties cannot be read here.
    assert.match(String(stage(done, 'job').context.logsError), /log/);
  });

  it('fails scaleManifest clearly when the target does not exist', async () => {
    const ns = await freshNamespace(t.kube);
    const done = await result(
      await startPipeline(t.worker.client, t.worker.taskQueue, pipelineConfig([{ refId: 's', type: 'scaleManifest', name: 'Scale', account: 'local', location: ns, manifestName: 'deployment ghost', replicas: 2 }] as never)),
    );
    assert.equal(done.status, 'TERMINAL');
    assert.match(stage(done, 's').exception!.details.error, /could not scale Deployment .*ghost.*not found/);
  });
});
