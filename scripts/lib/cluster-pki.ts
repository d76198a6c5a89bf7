import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './processes';

/** Paths of the test cluster's keys and certificates (PEM files under `<dataDir>/pki`). */
export interface ClusterPki {
  caCert: string;
  caKey: string;
  /** kube-apiserver's serving certificate (127.0.0.1, localhost and the in-cluster names). */
  serverCert: string;
  serverKey: string;
  /** A client certificate in `system:masters`: the kubeconfig's user and the controllers' identity. */
  adminCert: string;
  adminKey: string;
  /** Signs and verifies service-account tokens. */
  serviceAccountKey: string;
  serviceAccountPub: string;
}

/** The first address of the service range: the in-cluster `kubernetes` Service's ClusterIP. */
export const SERVICE_CLUSTER_IP_RANGE = '10.96.0.0/16';
const KUBERNETES_SERVICE_IP = '10.96.0.1';

const serverNames = [
  'IP:127.0.0.1',
  `IP:${KUBERNETES_SERVICE_IP}`,
  'DNS:localhost',
  'DNS:kubernetes',
  'DNS:kubernetes.default',
  'DNS:kubernetes.default.svc',
  'DNS:kubernetes.default.svc.cluster.local',
];

async function openssl(args: string[]): Promise<void> {
  await run('openssl', args);
}

/** Writes an EC P-256 key (fast to generate; Kubernetes accepts ECDSA everywhere it needs keys). */
async function ecKey(path: string): Promise<void> {
  await openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path]);
}

async function signedCert(dir: string, name: string, subject: string, extensions: string[], pki: { caCert: string; caKey: string }): Promise<void> {
  const key = join(dir, `${name}.key`);
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  await ecKey(key);
  await openssl(['req', '-new', '-key', key, '-subj', subject, '-out', csr]);
  writeFileSync(ext, `${extensions.join('\n')}\n`);
  await openssl(['x509', '-req', '-in', csr, '-CA', pki.caCert, '-CAkey', pki.caKey, '-set_serial', `0x${randomBytes(8).toString('hex')}`, '-days', '3650', '-sha256', '-extfile', ext, '-out', join(dir, `${name}.crt`)]);
}

/**
 * Creates the cluster's CA, serving and client certificates and service-account key pair with
 * `openssl` once; later starts of the same data folder reuse them, so kubeconfigs stay valid.
 */
export async function ensurePki(dataDir: string): Promise<ClusterPki> {
  const dir = join(dataDir, 'pki');
  const pki: ClusterPki = {
    caCert: join(dir, 'ca.crt'),
    caKey: join(dir, 'ca.key'),
    serverCert: join(dir, 'apiserver.crt'),
    serverKey: join(dir, 'apiserver.key'),
    adminCert: join(dir, 'admin.crt'),
    adminKey: join(dir, 'admin.key'),
    serviceAccountKey: join(dir, 'service-account.key'),
    serviceAccountPub: join(dir, 'service-account.pub'),
  };
  if (Object.values(pki).every((path) => existsSync(path))) return pki;
  mkdirSync(dir, { recursive: true });

  await ecKey(pki.caKey);
  await openssl(['req', '-x509', '-new', '-key', pki.caKey, '-subj', '/CN=gennaker-local-ca', '-days', '3650', '-sha256', '-out', pki.caCert]);
  await Promise.all([
    signedCert(dir, 'apiserver', '/CN=kube-apiserver', ['basicConstraints=CA:FALSE', 'keyUsage=digitalSignature', 'extendedKeyUsage=serverAuth', `subjectAltName=${serverNames.join(',')}`], pki),
    signedCert(dir, 'admin', '/O=system:masters/CN=gennaker-admin', ['basicConstraints=CA:FALSE', 'keyUsage=digitalSignature', 'extendedKeyUsage=clientAuth'], pki),
    (async () => {
      await ecKey(pki.serviceAccountKey);
      await openssl(['pkey', '-in', pki.serviceAccountKey, '-pubout', '-out', pki.serviceAccountPub]);
    })(),
  ]);
  return pki;
}
