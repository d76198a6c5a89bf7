/**
 * The real Kubernetes control plane tests deploy to (scripts/lib/cluster.ts). The test runner may
 * start one per run and pass its kubeconfig as GENNAKER_TEST_KUBECONFIG; otherwise the first test
 * file that asks starts one under the run directory and stops it when the process exits.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKubeClient, type KubeClient, type KubeObject } from '../../activities/cloud/kubernetes/api-client';
import { startCluster, type RunningCluster } from '../../scripts/lib/cluster';

let started: Promise<RunningCluster> | undefined;

/** Absolute path of an admin kubeconfig for the run's cluster, starting the cluster if needed. */
export async function testKubeconfig(): Promise<string> {
  const given = process.env.GENNAKER_TEST_KUBECONFIG;
  if (given) return given;
  if (!started) {
    const parent = process.env.GENNAKER_TEST_RUN_DIR ?? mkdtempSync(join(tmpdir(), 'gennaker-cluster-'));
    started = startCluster({ dataDir: join(parent, `cluster-${process.pid}`) });
    const cluster = await started;
    // node:test runs each file in its own process: stop this file's cluster with it.
    process.once('beforeExit', () => void cluster.stop());
  }
  return (await started).kubeconfigPath;
}

/** Stops the cluster this process started (no-op when the runner owns it). */
export async function stopTestCluster(): Promise<void> {
  if (started) await (await started).stop();
  started = undefined;
}

/** An admin API client for assertions and set-up. */
export async function adminClient(): Promise<KubeClient> {
  const config = new KubeConfig();
  config.loadFromFile(await testKubeconfig());
  return createKubeClient(config);
}

/** Creates a fresh namespace (so tests never see each other's objects) and returns its name. */
export async function freshNamespace(client: KubeClient, prefix = 'test'): Promise<string> {
  const name = `${prefix}-${randomUUID().slice(0, 8)}`;
  await client.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return name;
}

/** Polls `read` until `accept` holds; fails with the last value at the deadline. */
export async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (accept(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`condition not reached within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
}

export type { KubeClient, KubeObject };
