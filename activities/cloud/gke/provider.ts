import { KubeConfig } from '@kubernetes/client-node';
import type { CloudProvider, GkeAccount } from '../types';

/**
 * The two GKE calls a `gke` account needs, narrow so tests can inject a fake: the cluster's
 * endpoint and CA (`ClusterManagerClient.getCluster`) and an OAuth token (application default
 * credentials).
 */
export interface GkeApi {
  getCluster(request: { name: string }): Promise<{ endpoint?: string | null; masterAuth?: { clusterCaCertificate?: string | null } | null }>;
  accessToken(): Promise<string>;
}

/** The real GKE API through `@google-cloud/container` (credentials: Google's application defaults). */
export function googleGkeApi(): GkeApi {
  let client: import('@google-cloud/container').ClusterManagerClient | undefined;
  // Loaded on first use: workers without GKE accounts never pay for the gRPC stack.
  const getClient = async () => (client ??= new (await import('@google-cloud/container')).ClusterManagerClient());
  return {
    async getCluster(request) {
      const [cluster] = await (await getClient()).getCluster(request);
      return cluster;
    },
    async accessToken() {
      const token = await (await getClient()).auth.getAccessToken();
      if (!token) throw new Error('no Google access token: configure application default credentials');
      return token;
    },
  };
}

/** `gke` accounts: endpoint and CA from GKE, bearer token from Google credentials. */
export function gkeProvider(api: GkeApi = googleGkeApi()): CloudProvider<GkeAccount> {
  return {
    type: 'gke',
    async kubeConfig(account) {
      const name = `projects/${account.project}/locations/${account.location}/clusters/${account.cluster}`;
      const [cluster, token] = await Promise.all([api.getCluster({ name }), api.accessToken()]);
      if (!cluster.endpoint) throw new Error(`GKE cluster ${name} has no endpoint`);
      const context = `gke_${account.project}_${account.location}_${account.cluster}`;
      const config = new KubeConfig();
      config.loadFromOptions({
        clusters: [{ name: context, server: `https://${cluster.endpoint}`, caData: cluster.masterAuth?.clusterCaCertificate ?? undefined, skipTLSVerify: false }],
        users: [{ name: context, token }],
        contexts: [{ name: context, cluster: context, user: context }],
        currentContext: context,
      });
      return config;
    },
  };
}
