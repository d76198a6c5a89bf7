import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freshNamespace } from '../helpers/cluster';
import { pipelineConfig, result, stage, startPipeline } from '../helpers/pipelines';
import { deployment, useK8sTestContext } from './fixtures';

const t = useK8sTestContext();

const deploy = (manifests: object[], extra: object = {}) => ({ refId: 'deploy', type: 'deployManifest', name: 'Deploy', account: 'local', cloudProvider: 'kubernetes', manifests, ...extra });

describe('deployManifest against a real API server', () => {
  it('applies a Deployment, Service and versioned ConfigMap, waits until 3 replicas are available, and reports Orca outputs', async () => {
    const ns = await freshNamespace(t.kube);
    const app = deployment('web', ns);
    (app.spec.template.spec.containers[0] as Record<string, unknown>).envFrom = [{ configMapRef: { name: 'web-config' } }];
    const config = pipelineConfig([
      deploy([
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-config', namespace: ns }, data: { GREETING: '${parameters.greeting}' } },
        { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: ns }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } },
        app,
      ]),
    ]);
    const started = Date.now();
    const done = await result(await startPipeline(t.worker.client, t.worker.taskQueue, config, { greeting: 'hello' }));
    const elapsed = Date.now() - started;
    assert.equal(done.status, 'SUCCEEDED', JSON.stringify(stage(done, 'deploy').exception));

    const live = await t.kube.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'web' });
    assert.equal((live!.status as { availableReplicas: number }).availableReplicas, 3);
    assert.equal(live!.metadata.annotations!['moniker.spinnaker.io/application'], 'testapp');
    assert.equal(live!.metadata.annotations!['moniker.spinnaker.io/cluster'], 'deployment web');
    assert.equal(live!.metadata.annotations!['artifact.spinnaker.io/type'], 'kubernetes/deployment');
    const managers = (live!.metadata.managedFields as { manager: string; operation: string }[]).map((f) => `${f.manager}/${f.operation}`);
    assert.ok(managers.includes('gennaker/Apply'), `field managers: ${managers.join(', ')}`);

    const cm = await t.kube.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'web-config-v000' });
    assert.deepEqual(cm!.data, { GREETING: 'hello' });
    assert.equal(cm!.metadata.annotations!['artifact.spinnaker.io/version'], 'v000');
    const envFrom = ((live!.spec as { template: { spec: { containers: { envFrom: { configMapRef: { name: string } }[] }[] } } }).template.spec.containers[0].envFrom);
    assert.equal(envFrom[0].configMapRef.name, 'web-config-v000', 'the Deployment is bound to the versioned ConfigMap');

    const outputs = stage(done, 'deploy').outputs;
    assert.equal((outputs.manifests as unknown[]).length, 3);
    assert.deepEqual(outputs.manifestNamesByNamespace, { [ns]: ['configMap web-config-v000', 'service web', 'deployment web'] });
    assert.deepEqual(stage(done, 'deploy').context['deploy.server.groups'], {});
    assert.ok((stage(done, 'deploy').context.stability as { polls: number }).polls >= 1);
    const stability = stage(done, 'deploy').context.stability as { polls: number; apiCalls: number; waitedMs: number };
    process.stderr.write(
      `[figures] 3-replica Deployment + Service + ConfigMap: SUCCEEDED ${elapsed} ms after pipeline start (stable ${stability.waitedMs} ms after apply); ` +
        `API calls: ${String(stage(done, 'deploy').context.deployApiCalls)} to apply, ${stability.apiCalls} while waiting (${stability.polls} polls)\n`,
    );
  });

  it('versions ReplicaSets (-v000, -v001), reuses a version for identical content, and honours max-version-history', async () => {
    const ns = await freshNamespace(t.kube);
    const rs = (image: string) => ({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'api', namespace: ns, annotations: { 'strategy.spinnaker.io/max-version-history': '2' } },
      spec: { replicas: 1, selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image }] } } },
    });
    const names = async () => (await t.kube.list({ apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace: ns })).map((o) => o.metadata.name).sort();
    const run = async (image: string) => {
      const done = await result(await startPipeline(t.worker.client, t.worker.taskQueue, pipelineConfig([deploy([rs(image)])])));
      assert.equal(done.status, 'SUCCEEDED', JSON.stringify(stage(done, 'deploy').exception));
      return stage(done, 'deploy');
    };
    const first = await run('api:1');
    assert.deepEqual(first.context['deploy.server.groups'], { [ns]: ['replicaSet api-v000'] });
    await run('api:2');
    assert.deepEqual(await names(), ['api-v000', 'api-v001']);
    const again = await run('api:2');
    assert.deepEqual(again.outputs.manifestNamesByNamespace, { [ns]: ['replicaSet api-v001'] }, 'identical content reuses its version');
    await run('api:3');
    assert.deepEqual(await names(), ['api-v001', 'api-v002'], 'max-version-history 2 pruned v000');
    const created = (again.outputs.createdArtifacts as { type: string; name: string; reference: string; version: string }[])[0];
    assert.deepEqual([created.type, created.name, created.reference, created.version], ['kubernetes/replicaSet', 'api', 'api-v001', 'v001']);
  });

  it('fails clearly on a bad manifest and applies none of the batch', async () => {
    const ns = await freshNamespace(t.kube);
    const bad = deployment('broken', ns);
    (bad.spec as Record<string, unknown>).replicas = 'three';
    const config = pipelineConfig([deploy([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'first', namespace: ns }, data: { a: '1' } }, bad])]);
    const done = await result(await startPipeline(t.worker.client, t.worker.taskQueue, config));
    assert.equal(done.status, 'TERMINAL');
    assert.match(stage(done, 'deploy').exception!.details.error, /invalid manifest, could not apply Deployment .*broken.*replicas/s);
    assert.deepEqual(await t.kube.list({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, labelSelector: 'app.kubernetes.io/managed-by=gennaker' }), []);
  });

  it('rejects a manifest without a name before calling the cluster', async () => {
    const done = await result(await startPipeline(t.worker.client, t.worker.taskQueue, pipelineConfig([deploy([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }])])));
    assert.equal(done.status, 'TERMINAL');
    assert.match(stage(done, 'deploy').exception!.details.error, /manifest #1 \(ConfigMap\) has no metadata.name/);
  });

  it('fails with a clear error for an unknown account', async () => {
    const done = await result(await startPipeline(t.worker.client, t.worker.taskQueue, pipelineConfig([deploy([deployment('x', 'default')], { account: 'nope' })])));
    assert.equal(done.status, 'TERMINAL');
    assert.equal(stage(done, 'deploy').exception!.details.error, "no Kubernetes account named 'nope'");
  });
});
