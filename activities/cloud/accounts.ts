import type { CloudAccount, KubernetesAccountSource } from './types';

/** An account source over a fixed list (tests, or accounts given in the worker's configuration). */
export function staticAccounts(accounts: CloudAccount[]): KubernetesAccountSource {
  const byName = new Map(accounts.map((a) => [a.name, a]));
  return { getAccount: async (name) => byName.get(name) ?? null };
}
