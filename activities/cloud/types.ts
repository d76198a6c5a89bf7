/**
 * Deploy accounts and the one contract every cloud implements: turn an account into a connection
 * to its Kubernetes cluster. Accounts are stored elsewhere (the database behind `/credentials`);
 * activities read them through {@link KubernetesAccountSource}.
 */
import type { KubeConfig } from '@kubernetes/client-node';

/** Fields every account has. */
interface AccountBase {
  name: string;
  /** Namespaces the account may touch; empty or absent: all. */
  namespaces?: string[];
}

/** A cluster reached through a kubeconfig (Spinnaker's `kubernetes` account). */
export interface KubeconfigAccount extends AccountBase {
  type: 'kubernetes';
  /** Path of a kubeconfig file readable by the worker. */
  kubeconfigFile?: string;
  /** The kubeconfig itself, inline YAML (used when `kubeconfigFile` is absent). */
  kubeconfig?: string;
  /** Context to use; default: the kubeconfig's current context. */
  context?: string;
}

/** A GKE cluster: its endpoint and CA come from the GKE API, the token from Google credentials. */
export interface GkeAccount extends AccountBase {
  type: 'gke';
  project: string;
  /** Region or zone, e.g. `europe-west1`. */
  location: string;
  cluster: string;
}

export type CloudAccount = KubeconfigAccount | GkeAccount;

/** Where accounts come from (the `/credentials` store in production, a fixed list in tests). */
export interface KubernetesAccountSource {
  /** The account with this name, or null when none exists. */
  getAccount(name: string): Promise<CloudAccount | null>;
}

/** Turns one type of account into a client configuration for its cluster. */
export interface CloudProvider<A extends CloudAccount = CloudAccount> {
  readonly type: A['type'];
  kubeConfig(account: A): Promise<KubeConfig>;
}
