import type { Client } from '@temporalio/client';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connectClient } from '../helpers/client';
import { adminClient, freshNamespace, stopTestCluster, testKubeconfig, type KubeClient } from '../helpers/cluster';
import { pipelineConfig, result, stage, startPipeline, waitForExecution } from '../helpers/pipelines';
import { deployment } from './fixtures';

let client: Client;
let kube: KubeClient;
let kubeconfig: string;
before(async () => {
  kubeconfig = await testKubeconfig();
  kube = await adminClient();
  client = await connectClient();
});
after(async () => {
  await client.connection.close();
  await stopTestCluster();
});

/** Starts test/k8s/kube-worker.ts as its own OS process; resolves once it polls. */
async function startKubeWorker(taskQueue: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'kube-worker.ts')], {
    env: { ...process.env, TEMPORAL_TASK_QUEUE: taskQueue, KUBECONFIG: kubeconfig },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${output}`)), 60_000);
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      if (output.includes('polling task queue')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}:\n${output}`)));
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

describe('a worker killed during a rollout wait', () => {
  it('resumes waiting on another worker without applying again', async () => {
    const ns = await freshNamespace(kube);
    const taskQueue = `k8s-kill-${randomUUID()}`;
    // minReadySeconds keeps the rollout going long enough to kill the worker in the middle of it.
    const manifest = deployment('slow', ns, { replicas: 2, extra: { minReadySeconds: 6 } });
    const config = pipelineConfig([{ refId: 'deploy', type: 'deployManifest', name: 'Deploy', account: 'local', manifests: [manifest] }] as never);
    const first = await startKubeWorker(taskQueue);
    const handle = await startPipeline(client, taskQueue, config);
    await waitForExecution(handle, (e) => stage(e, 'deploy').context['outputs.manifests'] !== undefined, 60_000);
    await first.kill();
    const second = await startKubeWorker(taskQueue);
    try {
      const done = await result(handle);
      assert.equal(done.status, 'SUCCEEDED', JSON.stringify(stage(done, 'deploy').exception));
      const live = await kube.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'slow' });
      assert.equal((live!.status as { availableReplicas: number }).availableReplicas, 2);
      assert.equal(live!.metadata.generation, 1);

      const { events } = await handle.fetchHistory();
      const scheduled = (name: string) => (events ?? []).filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === name).length;
      assert.equal(scheduled('k8sDeployManifests'), 1, 'the manifests were applied once');
      const waitAttempts = (events ?? []).filter((e) => e.activityTaskStartedEventAttributes).map((e) => e.activityTaskStartedEventAttributes!.attempt ?? 1);
      assert.ok(Math.max(...waitAttempts) >= 2, `the wait was retried on the second worker (attempts: ${waitAttempts.join(', ')})`);
    } finally {
      await second.stop();
    }
  });
});
