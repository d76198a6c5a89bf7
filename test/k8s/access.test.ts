import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { CloudAccount } from '../../activities/cloud/types';
import { freshNamespace, stopTestCluster } from '../helpers/cluster';
import { pipelineConfig, result, stage, startPipeline } from '../helpers/pipelines';
import { deployment, k8sTestContext, type K8sTestContext } from './fixtures';

let t: K8sTestContext;
const accounts: CloudAccount[] = [];
const gkeRequests: string[] = [];
let gkeToken = '';
let server = '';
let caData = '';

before(async () => {
  t = await k8sTestContext({
    accounts: () => accounts,
    // GKE account mapping with an injected client: no Google Cloud here, so "GKE" answers with the
    // local cluster's endpoint and CA, and a service-account token stands in for a Google token.
    gke: {
      async getCluster({ name }) {
        gkeRequests.push(name);
        return { endpoint: server.replace('https://', ''), masterAuth: { clusterCaCertificate: caData } };
      },
      accessToken: async () => gkeToken,
    },
  });
  const admin = new KubeConfig();
  admin.loadFromFile(t.kubeconfig);
  server = admin.getCurrentCluster()!.server;
  caData = admin.getCurrentCluster()!.caData ?? readFileSync(admin.getCurrentCluster()!.caFile!).toString('base64');
});
after(async () => {
  await t.worker.shutdown();
  await stopTestCluster();
});

/** A service account's token; `canEdit` binds the built-in `edit` role in its namespace. */
async function serviceAccountToken(ns: string, name: string, canEdit: boolean): Promise<string> {
  await t.kube.apply({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns } });
  if (canEdit) {
    await t.kube.apply({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: `${name}-edit`, namespace: ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
      subjects: [{ kind: 'ServiceAccount', name, namespace: ns }],
    });
  }
  const admin = new KubeConfig();
  admin.loadFromFile(t.kubeconfig);
  const answer = await admin.makeApiClient(CoreV1Api).createNamespacedServiceAccountToken({ name, namespace: ns, body: { spec: { audiences: [], expirationSeconds: 3600 } } });
  return answer.status!.token;
}

/** An inline kubeconfig (as `POST /credentials` would store it) authenticating with a bearer token. */
function inlineKubeconfig(token: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: local',
    `  cluster: {server: "${server}", certificate-authority-data: "${caData}"}`,
    'users:',
    '- name: deployer',
    `  user: {token: "${token}"}`,
    'contexts:',
    '- name: deployer',
    '  context: {cluster: local, user: deployer}',
    'current-context: deployer',
    '',
  ].join('\n');
}

const deployTo = (account: string, manifest: object) => pipelineConfig([{ refId: 'deploy', type: 'deployManifest', name: 'Deploy', account, manifests: [manifest] }] as never);

describe('accounts and access', () => {
  it('turns an RBAC-forbidden apply into a clear stage error', async () => {
    const ns = await freshNamespace(t.kube);
    accounts.push({ name: 'no-rights', type: 'kubernetes', kubeconfig: inlineKubeconfig(await serviceAccountToken(ns, 'no-rights', false)) });
    const done = await result(await startPipeline(t.worker.client, t.worker.taskQueue, deployTo('no-rights', deployment('web', ns))));
    assert.equal(done.status, 'TERMINAL');
    assert.match(
      stage(done, 'deploy').exception!.details.error,
      /^Kubernetes refused to apply Deployment .*\/web: deployments.apps "web" is forbidden: User "system:serviceaccount:.*:no-rights" cannot patch resource "deployments"/,
    );
  });

  it('deploys with an inline kubeconfig whose service account may edit the namespace', async () => {
    const ns = await freshNamespace(t.kube);
    accounts.push({ name: 'editor', type: 'kubernetes', kubeconfig: inlineKubeconfig(await serviceAccountToken(ns, 'editor', true)), namespaces: [ns] });
    const done = await result(await startPipeline(t.worker.client, t.worker.taskQueue, deployTo('editor', deployment('web', ns, { replicas: 1 }))));
    assert.equal(done.status, 'SUCCEEDED', JSON.stringify(stage(done, 'deploy').exception));
  });

  it("refuses a namespace outside the account's allowed namespaces, before any call", async () => {
    accounts.push({ name: 'team-a', type: 'kubernetes', kubeconfigFile: t.kubeconfig, namespaces: ['team-a'] });
    const done = await result(await startPipeline(t.worker.client, t.worker.taskQueue, deployTo('team-a', deployment('web', 'kube-system'))));
    assert.equal(done.status, 'TERMINAL');
    assert.equal(stage(done, 'deploy').exception!.details.error, "account 'team-a' may not use namespace 'kube-system' (allowed: team-a)");
  });

  it('GKE account mapping (injected ClusterManager client): endpoint and CA from getCluster, bearer token from credentials', async () => {
    const ns = await freshNamespace(t.kube);
    gkeToken = await serviceAccountToken(ns, 'gke-deployer', true);
    accounts.push({ name: 'gke-prod', type: 'gke', project: 'acme-prod', location: 'europe-west1', cluster: 'main' });
    const done = await result(await startPipeline(t.worker.client, t.worker.taskQueue, deployTo('gke-prod', deployment('web', ns, { replicas: 1 }))));
    assert.equal(done.status, 'SUCCEEDED', JSON.stringify(stage(done, 'deploy').exception));
    assert.ok(gkeRequests.includes('projects/acme-prod/locations/europe-west1/clusters/main'), `requests: ${gkeRequests.join(', ')}`);
    const live = await t.kube.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'web' });
    assert.ok(live, 'deployed through the GKE account');
  });
});
