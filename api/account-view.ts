/**
 * Accounts in the shapes of Clouddriver's `/credentials`, as Gate serves them and `spin account
 * list|get` decode them. Built from redacted accounts only, so no answer can carry a secret.
 */
import type { RedactedAccount } from '../prisma/account-store';

/** One entry of `GET /credentials`: the fields Clouddriver keeps when `expand` is false. */
export interface AccountSummary {
  name: string;
  /** The posted definition type: `kubernetes` or `gke`. */
  type: RedactedAccount['type'];
  /** Both types are deployed to by the Kubernetes (manifest) stages. */
  cloudProvider: 'kubernetes';
  providerVersion: 'v2';
  skin: 'v2';
  accountType: string;
  environment: string;
  /** Accounts carry no roles of their own: everyone may see them (Fiat's "unrestricted"). */
  requiredGroupMembership: string[];
  permissions: Record<string, string[]>;
  challengeDestructiveActions: boolean;
  primaryAccount: boolean;
}

/** A `kubernetes` account's settings: where its kubeconfig comes from, never the kubeconfig. */
export interface KubeconfigSettings {
  kubeconfigFile?: string;
  context?: string;
  /** True when the kubeconfig is stored inline (it is never shown). */
  kubeconfigInline: boolean;
}

/** A `gke` account's settings. */
export interface GkeSettings {
  project: string;
  location: string;
  cluster: string;
}

/** `GET /credentials/{name}` and `?expand=true`: the summary plus the account's own settings. */
export type AccountDetails = AccountSummary & { namespaces: string[]; createdTimestamp: number } & (KubeconfigSettings | GkeSettings);

export function accountSummary(account: RedactedAccount): AccountSummary {
  return {
    name: account.name,
    type: account.type,
    cloudProvider: 'kubernetes',
    providerVersion: 'v2',
    skin: 'v2',
    // Clouddriver defaults both to the account name.
    accountType: account.name,
    environment: account.name,
    requiredGroupMembership: [],
    permissions: {},
    challengeDestructiveActions: false,
    primaryAccount: false,
  };
}

export function accountDetails(account: RedactedAccount): AccountDetails {
  const common = { ...accountSummary(account), namespaces: account.namespaces, createdTimestamp: account.createdAt.getTime() };
  if (account.type === 'gke') return { ...common, project: account.project, location: account.location, cluster: account.cluster };
  const { kubeconfigFile, context, kubeconfigInline } = account;
  return { ...common, ...(kubeconfigFile === undefined ? {} : { kubeconfigFile }), ...(context === undefined ? {} : { context }), kubeconfigInline };
}
