import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cancelUpdate } from '../../workflows/messages';
import { eventually, freshNamespace } from '../helpers/cluster';
import { pipelineConfig, result, stage, startPipeline, statuses, waitForExecution } from '../helpers/pipelines';
import { canaryPipelineStages, production, type CanaryPipelineOptions } from './canary-pipeline';
import { useK8sTestContext } from './fixtures';

const t = useK8sTestContext();

const images = { currentImage: 'web:1', newImage: 'web:2' };

/** A namespace with production on web:1 (deployed by a pipeline, so it is stable). */
async function withProduction(): Promise<string> {
  const ns = await freshNamespace(t.kube);
  const done = await result(
    await startPipeline(t.worker.client, t.worker.taskQueue, pipelineConfig([{ refId: 'prod', type: 'deployManifest', name: 'Production', account: 'local', manifests: production(ns, 'web:1') }])),
  );
  assert.equal(done.status, 'SUCCEEDED');
  return ns;
}

const startCanary = (o: CanaryPipelineOptions) => startPipeline(t.worker.client, t.worker.taskQueue, pipelineConfig(canaryPipelineStages(o)), images);

/** Deployments in the namespace as `name=image`. */
async function deployments(ns: string): Promise<string[]> {
  const list = await t.kube.list({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns });
  return list
    .filter((d) => !d.metadata.deletionTimestamp)
    .map((d) => `${d.metadata.name}=${(d.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0].image}`)
    .sort();
}
async function servedBy(ns: string): Promise<string[]> {
  const slices = await t.kube.list({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', namespace: ns, labelSelector: 'kubernetes.io/service-name=web' });
  const pods = slices.flatMap((s) => ((s.endpoints ?? []) as { targetRef?: { name: string } }[]).map((e) => e.targetRef?.name ?? ''));
  return [...new Set(pods.map((p) => p.replace(/-[a-z0-9]+-[a-z0-9]+$/, '')))].sort();
}
const rollbackOf = (execution: Awaited<ReturnType<typeof result>>, refId: string) => stage(execution, refId).context.rollback as { status: string; reason: string } | undefined;

describe('canary deploy + analysis + cleanup', () => {
  it('Pass: the new image is promoted to production, baseline and canary are deleted', async () => {
    const ns = await withProduction();
    const done = await result(await startCanary({ namespace: ns, canaryLatency: 100 }));
    assert.deepEqual(statuses(done), { baseline: 'SUCCEEDED', canary: 'SUCCEEDED', analysis: 'SUCCEEDED', promote: 'SUCCEEDED', cleanup: 'SUCCEEDED' });
    assert.equal(stage(done, 'analysis').outputs.overallResult, 'Pass');
    assert.deepEqual(
      (stage(done, 'analysis').context.metricQueries as { control: string; experiment: string }[]).map((q) => [q.control, q.experiment]),
      [['synthetic normal(mean 100, sd 10, seed latency) for scope web-baseline', 'synthetic normal(mean 100, sd 10, seed latency) for scope web-canary']],
    );
    assert.deepEqual(stage(done, 'cleanup').outputs.manifestNamesByNamespace, { [ns]: ['deployment web-baseline', 'deployment web-canary'] });
    assert.equal(rollbackOf(done, 'baseline'), undefined, 'no rollback on success');
    assert.deepEqual(await eventually(() => deployments(ns), (d) => d.length === 1), ['web=web:2']);
    await eventually(() => servedBy(ns), (s) => s.length === 1 && s[0] === 'web');
  });

  it('Fail: the pipeline ends TERMINAL, production is untouched and baseline and canary are removed', async () => {
    const ns = await withProduction();
    const done = await result(await startCanary({ namespace: ns, canaryLatency: 200 }));
    assert.equal(done.status, 'TERMINAL');
    assert.deepEqual(statuses(done), { baseline: 'SUCCEEDED', canary: 'SUCCEEDED', analysis: 'TERMINAL', promote: 'NOT_STARTED', cleanup: 'NOT_STARTED' });
    assert.equal(stage(done, 'analysis').outputs.overallResult, 'Fail');
    for (const refId of ['baseline', 'canary']) {
      assert.deepEqual(rollbackOf(done, refId) && [rollbackOf(done, refId)!.status, rollbackOf(done, refId)!.reason], ['SUCCEEDED', 'TERMINAL']);
      assert.deepEqual((stage(done, refId).context.rollbackResult as { done: string[] }).done, [`deleted Deployment ${ns}/web-${refId}`]);
    }
    assert.deepEqual(await eventually(() => deployments(ns), (d) => d.length === 1), ['web=web:1']);
    await eventually(() => servedBy(ns), (s) => s.length === 1 && s[0] === 'web');
  });

  it('cancelled during the analysis: baseline and canary are removed, production is untouched', async () => {
    const ns = await withProduction();
    const handle = await startCanary({ namespace: ns, canaryLatency: 100, lifetime: 'PT10M' });
    await waitForExecution(handle, (e) => stage(e, 'analysis').status === 'RUNNING', 30_000);
    // Side by side: the Service routes to production, baseline and canary.
    await eventually(() => servedBy(ns), (s) => s.join() === 'web,web-baseline,web-canary');
    assert.deepEqual(await deployments(ns), ['web-baseline=web:1', 'web-canary=web:2', 'web=web:1']);

    await handle.executeUpdate(cancelUpdate, { args: [{ reason: 'abandon the canary', user: 'alice' }] });
    const done = await result(handle);
    assert.equal(done.status, 'CANCELED');
    assert.equal(stage(done, 'analysis').status, 'CANCELED');
    for (const refId of ['baseline', 'canary']) {
      assert.deepEqual(rollbackOf(done, refId) && [rollbackOf(done, refId)!.status, rollbackOf(done, refId)!.reason], ['SUCCEEDED', 'CANCELED']);
    }
    assert.deepEqual(await eventually(() => deployments(ns), (d) => d.length === 1), ['web=web:1']);
    await eventually(() => servedBy(ns), (s) => s.length === 1 && s[0] === 'web');
  });
});
