import { ApplicationFailure } from '@temporalio/activity';
import { ErrorType } from '../../workflows/model/error-types';
import { createKubeClient, type KubeClient } from './kubernetes/api-client';
import type { CloudAccount, CloudProvider, KubernetesAccountSource } from './types';

/** An account's cluster, ready for API calls. */
export interface ClusterConnection {
  account: CloudAccount;
  client: KubeClient;
  /** The kubeconfig context's namespace, else `default`. */
  defaultNamespace: string;
  /** Fails (non-retryable) when the account may not touch `namespace`. */
  assertNamespace(namespace: string | undefined): void;
}

export interface ClusterConnector {
  /** Connects to the named account's cluster; fails non-retryably when the account is unknown. */
  connect(accountName: string): Promise<ClusterConnection>;
}

/** How long a connection (a GKE endpoint lookup and token) is reused. */
const CONNECTION_TTL_MS = 5 * 60_000;

/** Resolves account names to cluster connections through the provider of each account's type. */
export function createClusterConnector(options: { accounts: KubernetesAccountSource; providers: CloudProvider[] }): ClusterConnector {
  const providers = new Map(options.providers.map((p) => [p.type, p]));
  const cache = new Map<string, { key: string; at: number; connection: ClusterConnection }>();

  async function open(account: CloudAccount): Promise<ClusterConnection> {
    const provider = providers.get(account.type) as CloudProvider<typeof account> | undefined;
    if (!provider) throw ApplicationFailure.nonRetryable(`account '${account.name}' has type '${account.type}', which this worker does not support`, ErrorType.KubernetesAccountNotFound);
    let config;
    try {
      config = await provider.kubeConfig(account);
    } catch (err) {
      const message = `account '${account.name}' could not be loaded: ${(err as Error).message}`;
      // A broken kubeconfig stays broken; a GKE lookup may succeed on the next attempt.
      throw account.type === 'kubernetes' ? ApplicationFailure.nonRetryable(message, ErrorType.InvalidInput) : new Error(message);
    }
    const allowed = account.namespaces ?? [];
    return {
      account,
      client: createKubeClient(config),
      defaultNamespace: config.getContextObject(config.getCurrentContext())?.namespace ?? 'default',
      assertNamespace(namespace) {
        if (namespace === undefined || allowed.length === 0 || allowed.includes(namespace)) return;
        throw ApplicationFailure.nonRetryable(
          `account '${account.name}' may not use namespace '${namespace}' (allowed: ${allowed.join(', ')})`,
          ErrorType.KubernetesForbidden,
        );
      },
    };
  }

  return {
    async connect(accountName) {
      const account = await options.accounts.getAccount(accountName);
      if (!account) throw ApplicationFailure.nonRetryable(`no Kubernetes account named '${accountName}'`, ErrorType.KubernetesAccountNotFound);
      const key = JSON.stringify(account);
      const cached = cache.get(accountName);
      if (cached && cached.key === key && Date.now() - cached.at < CONNECTION_TTL_MS) return cached.connection;
      const connection = await open(account);
      cache.set(accountName, { key, at: Date.now(), connection });
      return connection;
    },
  };
}
