/**
 * Shared set-up for the Kubernetes tests: a worker whose `local` account is the run's cluster,
 * and small manifest builders.
 */
import type { GkeApi } from '../../activities/cloud/gke/provider';
import type { CloudAccount } from '../../activities/cloud/types';
import { after, before } from 'node:test';
import { adminClient, stopTestCluster, testKubeconfig, type KubeClient } from '../helpers/cluster';
import { startTestWorker, type TestWorker } from '../helpers/worker';

export interface K8sTestContext {
  worker: TestWorker;
  kube: KubeClient;
  kubeconfig: string;
}

/** Starts the cluster (if needed), an admin client and a worker with the `local` account. */
export async function k8sTestContext(options: { accounts?: () => CloudAccount[]; gke?: GkeApi } = {}): Promise<K8sTestContext> {
  const kubeconfig = await testKubeconfig();
  const kube = await adminClient();
  const local: CloudAccount = { name: 'local', type: 'kubernetes', kubeconfigFile: kubeconfig };
  // Accounts are read at call time, so a test may add some after the worker started.
  const accounts = { getAccount: async (name: string) => [local, ...(options.accounts?.() ?? [])].find((a) => a.name === name) ?? null };
  const worker = await startTestWorker({ kubernetes: { accounts, gke: options.gke, pollIntervalMs: 200 } });
  return { worker, kube, kubeconfig };
}

/**
 * Registers the file's hooks: the context is filled in before the first test, and the worker and
 * the file's cluster are stopped after the last one.
 */
export function useK8sTestContext(): K8sTestContext {
  const context = {} as K8sTestContext;
  before(async () => {
    Object.assign(context, await k8sTestContext());
  });
  after(async () => {
    await context.worker?.shutdown();
    await stopTestCluster();
  });
  return context;
}

export function deployment(name: string, namespace: string, options: { replicas?: number; image?: string; labels?: Record<string, string>; extra?: object } = {}) {
  const labels = options.labels ?? { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas: options.replicas ?? 3,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: options.image ?? 'nginx:1.27' }] } },
      ...options.extra,
    },
  };
}

/** A ReplicaSet selected by `app` + `version` only, so Services may route by other labels. */
export function replicaSet(name: string, options: { replicas?: number; image?: string; annotations?: Record<string, string> } = {}) {
  const image = options.image ?? 'nginx:1.27';
  const version = image.replace(/[^a-z0-9]/gi, '-');
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, annotations: options.annotations ?? {} },
    spec: {
      replicas: options.replicas ?? 2,
      selector: { matchLabels: { app: name, image: version } },
      template: { metadata: { labels: { app: name, image: version } }, spec: { containers: [{ name: 'app', image }] } },
    },
  };
}

export function service(name: string, selector: Record<string, string>) {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector, ports: [{ port: 80, targetPort: 8080 }] } };
}
