import { join } from 'node:path';
import { SERVICE_CLUSTER_IP_RANGE, type ClusterPki } from './cluster-pki';

/** What every component's command line is built from. */
export interface ComponentContext {
  dataDir: string;
  binDir: string;
  pki: ClusterPki;
  etcdPort: number;
  etcdPeerPort: number;
  apiServerPort: number;
  /** The admin kubeconfig: the controllers and kwok act as cluster admins in this sandbox. */
  kubeconfig: string;
}

/** One process of the control plane. */
export interface Component {
  name: 'etcd' | 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kwok';
  binary: string;
  args: string[];
}

function etcd(c: ComponentContext): Component {
  const peer = `http://127.0.0.1:${c.etcdPeerPort}`;
  const client = `http://127.0.0.1:${c.etcdPort}`;
  return {
    name: 'etcd',
    binary: join(c.binDir, 'etcd'),
    args: [
      '--name=gennaker-local',
      `--data-dir=${join(c.dataDir, 'etcd')}`,
      `--listen-client-urls=${client}`,
      `--advertise-client-urls=${client}`,
      `--listen-peer-urls=${peer}`,
      `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=gennaker-local=${peer}`,
      // A disposable sandbox: durability on power loss is not worth the fsync latency.
      '--unsafe-no-fsync',
      '--log-level=warn',
    ],
  };
}

function apiServer(c: ComponentContext): Component {
  return {
    name: 'kube-apiserver',
    binary: join(c.binDir, 'kube-apiserver'),
    args: [
      `--etcd-servers=http://127.0.0.1:${c.etcdPort}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      // The `kubernetes` Service cannot point at loopback; nothing in this sandbox calls it from a Pod.
      '--endpoint-reconciler-type=none',
      `--secure-port=${c.apiServerPort}`,
      `--cert-dir=${join(c.dataDir, 'pki')}`,
      `--tls-cert-file=${c.pki.serverCert}`,
      `--tls-private-key-file=${c.pki.serverKey}`,
      `--client-ca-file=${c.pki.caCert}`,
      `--kubelet-client-certificate=${c.pki.adminCert}`,
      `--kubelet-client-key=${c.pki.adminKey}`,
      `--service-account-key-file=${c.pki.serviceAccountPub}`,
      `--service-account-signing-key-file=${c.pki.serviceAccountKey}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-cluster-ip-range=${SERVICE_CLUSTER_IP_RANGE}`,
      // RBAC, as on a real cluster: tests prove that a forbidden call becomes a clear stage error.
      '--authorization-mode=RBAC',
      '--allow-privileged=true',
      '--profiling=false',
      '--v=0',
    ],
  };
}

function controllerManager(c: ComponentContext): Component {
  return {
    name: 'kube-controller-manager',
    binary: join(c.binDir, 'kube-controller-manager'),
    args: [
      `--kubeconfig=${c.kubeconfig}`,
      '--leader-elect=false',
      // No metrics/health endpoint: nothing scrapes it, and several clusters may run side by side.
      '--secure-port=0',
      `--service-account-private-key-file=${c.pki.serviceAccountKey}`,
      `--root-ca-file=${c.pki.caCert}`,
      `--cluster-signing-cert-file=${c.pki.caCert}`,
      `--cluster-signing-key-file=${c.pki.caKey}`,
      `--service-cluster-ip-range=${SERVICE_CLUSTER_IP_RANGE}`,
      '--profiling=false',
      '--v=0',
    ],
  };
}

function scheduler(c: ComponentContext): Component {
  return {
    name: 'kube-scheduler',
    binary: join(c.binDir, 'kube-scheduler'),
    args: [`--kubeconfig=${c.kubeconfig}`, '--leader-elect=false', '--secure-port=0', '--profiling=false', '--v=0'],
  };
}

function kwok(c: ComponentContext): Component {
  return {
    name: 'kwok',
    binary: join(c.binDir, 'kwok'),
    args: [
      `--kubeconfig=${c.kubeconfig}`,
      `--config=${join(c.binDir, 'kwok-stages.yaml')}`,
      // Every node in this cluster is fake: kwok plays their kubelets.
      '--manage-all-nodes=true',
      '--node-lease-duration-seconds=40',
      '--cidr=10.244.0.0/16',
      '--node-ip=127.0.0.1',
    ],
  };
}

/** The control plane in start order: etcd, then the API server, then the rest in parallel. */
export function components(c: ComponentContext): { storage: Component; apiServer: Component; rest: Component[] } {
  return { storage: etcd(c), apiServer: apiServer(c), rest: [controllerManager(c), scheduler(c), kwok(c)] };
}
