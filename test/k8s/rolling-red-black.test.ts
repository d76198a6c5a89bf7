import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StageConfig } from '../../workflows/model/pipeline';
import type { RollingStep } from '../../workflows/stages/kubernetes/rolling-red-black';
import { eventually, freshNamespace } from '../helpers/cluster';
import { pipelineConfig, result, stage, startPipeline, statuses } from '../helpers/pipelines';
import { useK8sTestContext, replicaSet, service } from './fixtures';

const t = useK8sTestContext();

const deploy = (ns: string, image: string, options: object = {}, extra: object = {}): StageConfig => ({
  refId: 'deploy',
  type: 'deployManifest',
  name: `Deploy ${image}`,
  account: 'local',
  namespaceOverride: ns,
  manifests: [replicaSet('web', { image, replicas: 4 })],
  trafficManagement: { enabled: true, options: { enableTraffic: true, services: ['service web'], strategy: 'redblack', ...options } },
  ...extra,
});
const run = async (stages: StageConfig[]) => result(await startPipeline(t.worker.client, t.worker.taskQueue, pipelineConfig(stages)));

/** A namespace with the Service `web` and web-v000 (4 replicas) serving it. */
async function withVersionZero(): Promise<string> {
  const ns = await freshNamespace(t.kube);
  await t.kube.apply({ ...service('web', { frontend: 'web' }), metadata: { name: 'web', namespace: ns } });
  assert.equal((await run([deploy(ns, 'web:1')])).status, 'SUCCEEDED');
  return ns;
}
/** Pods carrying the Service's label, by ReplicaSet (`web-v000` → 4). */
async function routed(ns: string): Promise<Record<string, number>> {
  const pods = await t.kube.list({ apiVersion: 'v1', kind: 'Pod', namespace: ns, labelSelector: 'frontend=web' });
  const counts: Record<string, number> = {};
  for (const p of pods) if (!p.metadata.deletionTimestamp) counts[p.metadata.name.replace(/-[a-z0-9]+$/, '')] = (counts[p.metadata.name.replace(/-[a-z0-9]+$/, '')] ?? 0) + 1;
  return counts;
}
async function endpointOwners(ns: string): Promise<string[]> {
  const slices = await t.kube.list({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', namespace: ns, labelSelector: 'kubernetes.io/service-name=web' });
  return slices.flatMap((s) => ((s.endpoints ?? []) as { targetRef?: { name: string } }[]).map((e) => (e.targetRef?.name ?? '').replace(/-[a-z0-9]+$/, ''))).sort();
}

describe('rolling red/black (targetPercentages)', () => {
  it('grows the new version 25% → 50% → 100% while taking the same share of the old one out of the Service', async () => {
    const ns = await withVersionZero();
    const done = await run([deploy(ns, 'web:2', { targetPercentages: [25, 50] })]);
    assert.equal(done.status, 'SUCCEEDED', JSON.stringify(stage(done, 'deploy').exception));
    const context = stage(done, 'deploy').context;
    const rolling = context.rollingRedBlack as { targetPercentages: number[]; steps: RollingStep[] };
    assert.deepEqual(rolling.targetPercentages, [25, 50, 100], 'the final 100% step is implicit');
    assert.deepEqual(rolling.steps, [
      { percentage: 25, name: 'web-v001', replicas: 1, old: [{ name: 'web-v000', pods: 4, routedPods: 3 }] },
      { percentage: 50, name: 'web-v001', replicas: 2, old: [{ name: 'web-v000', pods: 4, routedPods: 2 }] },
      { percentage: 100, name: 'web-v001', replicas: 4, old: [{ name: 'web-v000', pods: 4, routedPods: 0 }] },
    ]);
    assert.deepEqual(context.trafficManagementResult, { enabled: ['web-v001'], disabled: ['web-v000'], deleted: [] });
    const deployStage = stage(done, 'deploy');
    process.stderr.write(`[figures] rolling red/black 25/50/100 of 4 replicas: stage ${deployStage.endTime! - deployStage.startTime!} ms\n`);

    const v000 = await t.kube.get({ apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace: ns, name: 'web-v000' });
    assert.equal((v000!.status as { readyReplicas: number }).readyReplicas, 4, 'the old version keeps running');
    const v001 = await t.kube.get({ apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace: ns, name: 'web-v001' });
    assert.equal((v001!.spec as { replicas: number }).replicas, 4);
    assert.deepEqual(await routed(ns), { 'web-v001': 4 });
    await eventually(() => endpointOwners(ns), (owners) => owners.join() === 'web-v001,web-v001,web-v001,web-v001');
  });

  it('rollbackOnFailure after a rolling deploy: web-v000 serves all its pods again and web-v001 is deleted', async () => {
    const ns = await withVersionZero();
    const done = await run([
      deploy(ns, 'web:2', { strategy: 'rollingredblack', targetPercentages: [50] }, { rollbackOnFailure: true }),
      { refId: 'check', type: 'checkPreconditions', name: 'Smoke test', requisiteStageRefIds: ['deploy'], preconditions: [{ type: 'expression', context: { expression: '${false}' } }] },
    ]);
    assert.deepEqual(statuses(done), { deploy: 'SUCCEEDED', check: 'TERMINAL' });
    assert.equal((stage(done, 'deploy').context.rollingRedBlack as { steps: RollingStep[] }).steps.length, 2);
    assert.equal((stage(done, 'deploy').context.rollback as { status: string }).status, 'SUCCEEDED');
    assert.deepEqual(await eventually(() => routed(ns), (r) => r['web-v000'] === 4 && !r['web-v001']), { 'web-v000': 4 });
    assert.deepEqual(
      (await t.kube.list({ apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace: ns })).filter((r) => !r.metadata.deletionTimestamp).map((r) => r.metadata.name),
      ['web-v000'],
    );
  });

  it('refuses targetPercentages that do not increase, before touching the cluster', async () => {
    const done = await run([deploy('default', 'web:3', { targetPercentages: [50, 25] })]);
    assert.equal(done.status, 'TERMINAL');
    assert.match(stage(done, 'deploy').exception!.details.error, /targetPercentages must increase/);
  });
});
