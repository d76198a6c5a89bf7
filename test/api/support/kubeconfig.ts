/** Kubeconfigs for the account tests, each carrying a secret token that no answer may show. */

/** Planted in every kubeconfig below (as the user's token); tests search answers and logs for it. */
export const SECRET = 'tok-SECRET-3f9c';

/**
 * A kubeconfig with one cluster (`sandbox`) and a context per name, the user authenticating with
 * {@link SECRET}. `current` is the current-context (none when null).
 */
export function kubeconfigYaml(options: { contexts?: string[]; current?: string | null; cluster?: string } = {}): string {
  const contexts = options.contexts ?? ['sandbox'];
  const current = options.current === undefined ? contexts[0] : options.current;
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: sandbox',
    '  cluster:',
    '    server: https://127.0.0.1:6443',
    '    insecure-skip-tls-verify: true',
    'users:',
    '- name: deployer',
    '  user:',
    `    token: ${SECRET}`,
    'contexts:',
    ...contexts.flatMap((name) => [`- name: ${name}`, '  context:', `    cluster: ${options.cluster ?? 'sandbox'}`, '    user: deployer', '    namespace: apps']),
    ...(current ? [`current-context: ${current}`] : []),
    '',
  ].join('\n');
}

/** YAML that does not parse, with the secret on the broken line (js-yaml would quote that line). */
export const BROKEN_YAML = `apiVersion: v1\nusers:\n- name: deployer\n  user: {token: ${SECRET}\n`;
