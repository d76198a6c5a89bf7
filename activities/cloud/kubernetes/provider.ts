import { KubeConfig } from '@kubernetes/client-node';
import type { CloudProvider, KubeconfigAccount } from '../types';

/** `kubernetes` accounts: a kubeconfig file or inline YAML, optionally pinned to a context. */
export const kubeconfigProvider: CloudProvider<KubeconfigAccount> = {
  type: 'kubernetes',
  async kubeConfig(account) {
    const config = new KubeConfig();
    if (account.kubeconfigFile) config.loadFromFile(account.kubeconfigFile);
    else if (account.kubeconfig) config.loadFromString(account.kubeconfig);
    else throw new Error(`account '${account.name}' has neither kubeconfigFile nor kubeconfig`);
    if (account.context) {
      if (!config.getContextObject(account.context)) throw new Error(`account '${account.name}': kubeconfig has no context '${account.context}'`);
      config.setCurrentContext(account.context);
    }
    return config;
  },
};
