import { readFileSync, writeFileSync } from 'node:fs';
import type { ClusterPki } from './cluster-pki';

/** Name of the cluster, user and context in the kubeconfig the local cluster writes. */
export const LOCAL_CONTEXT = 'gennaker-local';

const b64 = (path: string) => readFileSync(path).toString('base64');

/**
 * Writes a self-contained kubeconfig (certificates embedded, so it can be copied anywhere) for the
 * admin user of the cluster at `server`. Mode 0600: it holds a private key.
 */
export function writeAdminKubeconfig(path: string, server: string, pki: ClusterPki): void {
  const yaml = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${LOCAL_CONTEXT}`,
    '  cluster:',
    `    server: ${server}`,
    `    certificate-authority-data: ${b64(pki.caCert)}`,
    'users:',
    `- name: ${LOCAL_CONTEXT}-admin`,
    '  user:',
    `    client-certificate-data: ${b64(pki.adminCert)}`,
    `    client-key-data: ${b64(pki.adminKey)}`,
    'contexts:',
    `- name: ${LOCAL_CONTEXT}`,
    '  context:',
    `    cluster: ${LOCAL_CONTEXT}`,
    `    user: ${LOCAL_CONTEXT}-admin`,
    '    namespace: default',
    `current-context: ${LOCAL_CONTEXT}`,
    '',
  ].join('\n');
  writeFileSync(path, yaml, { mode: 0o600 });
}
