import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PipelineExecution } from '../../workflows/model/execution';
import { startRegistry, type RegistryServer } from '../helpers/registry';
import { startTestWorker, type TestWorker } from '../helpers/worker';
import { type ApiHarness, eventually, startApi, uniqueName } from './support/harness';
import { cancelAll, savePipeline, triggeredPipeline } from './support/triggers';

describe('docker triggers: a real registry notifies POST /webhooks/docker/registry', () => {
  let worker: TestWorker;
  let api: ApiHarness;
  let registry: RegistryServer;
  const app = uniqueName('docker');
  const repository = `${uniqueName('team')}/app`;
  const started = new Set<string>();

  before(async () => {
    worker = await startTestWorker();
    api = await startApi({ taskQueue: worker.taskQueue });
    registry = await startRegistry(`${api.baseUrl}/webhooks/docker/registry`);
  });
  after(async () => {
    await cancelAll(api, started);
    await registry?.stop();
    await api.close();
    await worker.shutdown();
  });

  /** The executions of a config, as listed by the API. */
  const executionsOf = async (configId: string) =>
    (await api.request<PipelineExecution[]>('GET', `/executions?pipelineConfigIds=${configId}&limit=20`)).body;

  test('crane pushes an image; the pipeline runs with that digest and a docker/image artifact', async () => {
    const saved = await savePipeline(
      api,
      triggeredPipeline(app, 'on-push', [
        { type: 'docker', enabled: true, account: 'local', registry: registry.host, repository, tag: '\\d+\\.\\d+\\.\\d+' },
      ]),
    );
    const digest = await registry.push(repository, '1.0.0', { 'hello.txt': `built ${Date.now()}\n` });
    assert.match(digest, /^sha256:[0-9a-f]{64}$/);

    const execution = await eventually(async () => {
      const found = (await executionsOf(saved.id)).find((e) => e.trigger.digest === digest);
      return found?.status === 'RUNNING' ? found : undefined;
    }, 'the pushed image to start the pipeline', 60_000);
    started.add(execution.id);
    assert.equal(execution.trigger.type, 'docker');
    assert.equal(execution.trigger.tag, '1.0.0');
    assert.equal(execution.trigger.repository, repository);
    assert.equal(execution.trigger.registry, registry.host);
    assert.deepEqual(execution.trigger.artifacts, [
      { type: 'docker/image', name: `${registry.host}/${repository}`, version: '1.0.0', reference: `${registry.host}/${repository}@${digest}` },
    ]);
    assert.equal(execution.authentication?.user, 'anonymous');

    // A tag the trigger does not want starts nothing: the registry's notification for it is
    // answered (the event with `latest` shows in the API's log) but no second execution appears.
    await registry.push(repository, 'latest', { 'hello.txt': 'latest\n' });
    await eventually(
      async () => (api.loggedInfo.some((line) => line.includes('docker:registry') && line.includes('"notMatched":1')) ? true : undefined),
      'the registry to report the latest push',
      30_000,
    );
    assert.deepEqual((await executionsOf(saved.id)).map((e) => e.id), [execution.id]);
  });

  test('the same registry event delivered again starts nothing new', async () => {
    const saved = await savePipeline(api, triggeredPipeline(app, 'replayed', [{ type: 'docker', enabled: true, repository: `${repository}-replay` }]));
    const envelope = {
      events: [
        {
          id: uniqueName('event'),
          action: 'push',
          target: {
            mediaType: 'application/vnd.oci.image.manifest.v1+json',
            digest: 'sha256:' + 'ab'.repeat(32),
            repository: `${repository}-replay`,
            tag: '2.0.0',
          },
          request: { host: registry.host },
        },
      ],
    };
    const first = await api.request('POST', '/webhooks/docker/registry', envelope);
    const again = await api.request('POST', '/webhooks/docker/registry', envelope);
    assert.equal(first.body.executions.length, 1, JSON.stringify(first.body));
    assert.equal(first.body.executions[0].pipelineConfigId, saved.id);
    assert.equal(again.body.executions[0].executionId, first.body.executions[0].executionId);
    assert.equal(again.body.executions[0].alreadyStarted, true);
    started.add(first.body.executions[0].executionId);
  });

  test("Docker Hub's webhook shape fires a trigger on index.docker.io", async () => {
    const repo = `${uniqueName('hub')}/web`;
    await savePipeline(api, triggeredPipeline(app, 'hub', [{ type: 'docker', enabled: true, registry: 'docker.io', repository: repo }]));
    const res = await api.request('POST', '/webhooks/docker/dockerhub', {
      callback_url: `https://registry.hub.docker.com/u/${repo}/hook/2141b5bi5i5b02bec211i4eeih0242eg11000a/`,
      push_data: { pushed_at: 1796040000, pusher: 'trustedbuilder', tag: 'v3' },
      repository: { repo_name: repo, name: 'web', namespace: repo.split('/')[0], status: 'Active' },
    });
    assert.equal(res.body.executions.length, 1, JSON.stringify(res.body));
    started.add(res.body.executions[0].executionId);
    const bad = await api.request('POST', '/webhooks/docker/dockerhub', { push_data: {} });
    assert.equal(bad.status, 400);
  });
});
