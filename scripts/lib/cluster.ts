/**
 * A real Kubernetes control plane on loopback for tests and local sandboxes, without Docker:
 * etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok (fake nodes, so Pods get
 * scheduled and become Ready and Deployments roll out as on a real cluster). The binaries come from
 * scripts/ensure-k8s-binaries.sh; state (etcd data, certificates, kubeconfig, logs) lives in
 * `dataDir`, so a stopped cluster starts again with its objects.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { apiRequest } from './cluster-api';
import { components, type Component } from './cluster-components';
import { writeAdminKubeconfig } from './cluster-kubeconfig';
import { ensurePki, type ClusterPki } from './cluster-pki';
import { freePort, run } from './processes';

const root = join(__dirname, '..', '..');

export interface StartClusterOptions {
  /** Where etcd data, certificates, the kubeconfig and logs live (e.g. `.data/cluster`). */
  dataDir: string;
  /** Folder with the binaries; default: built or found by scripts/ensure-k8s-binaries.sh. */
  binDir?: string;
  /** The API server's port; default: the previous one for this dataDir if free, else any free port. */
  apiServerPort?: number;
  /** Keep the processes running after this process exits (`npm run cluster`). Default false. */
  detached?: boolean;
  /** How long to wait for etcd and the API server (default 120 s). */
  readyTimeoutMs?: number;
}

/** A started (or already running) cluster. */
export interface RunningCluster {
  /** Absolute path of the admin kubeconfig (certificates embedded). */
  kubeconfigPath: string;
  /** The API server's URL, e.g. `https://127.0.0.1:6443`. */
  server: string;
  /** Stops every process of the cluster; the data stays for the next start. */
  stop(): Promise<void>;
}

interface ClusterState {
  server: string;
  apiServerPort: number;
  kubeconfigPath: string;
  /** Process ids by component, with the binary each must still be running. */
  processes: { name: string; pid: number; binary: string }[];
}

/** The one fake node kwok plays; enough capacity for any test workload. */
const FAKE_NODE = {
  apiVersion: 'v1',
  kind: 'Node',
  metadata: {
    name: 'kwok-node-0',
    labels: { 'kubernetes.io/hostname': 'kwok-node-0', 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', type: 'kwok' },
    annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
  },
  status: { allocatable: { cpu: '32', memory: '256Gi', pods: '250' }, capacity: { cpu: '32', memory: '256Gi', pods: '250' } },
};

const statePath = (dataDir: string) => join(dataDir, 'cluster.json');

function readState(dataDir: string): ClusterState | undefined {
  try {
    return JSON.parse(readFileSync(statePath(dataDir), 'utf8')) as ClusterState;
  } catch {
    return undefined;
  }
}

/** True when `pid` is alive and still runs `binary` (a recycled pid is never ours). */
function isOurs(pid: number, binary: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] === binary;
  } catch {
    return false;
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

async function stopProcesses(processes: ClusterState['processes'], graceMs = 10_000): Promise<void> {
  // Reverse start order: clients of the API server first, etcd last.
  for (const { pid, binary } of [...processes].reverse()) {
    if (!isOurs(pid, binary)) continue;
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (isOurs(pid, binary) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (isOurs(pid, binary)) process.kill(pid, 'SIGKILL');
  }
}

function logTail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Path of the folder with the control-plane binaries, building them once if needed. */
export async function k8sBinDir(): Promise<string> {
  return (await run('bash', [join(root, 'scripts', 'ensure-k8s-binaries.sh')], { stdio: ['ignore', 'pipe', 'inherit'] })).trim();
}

/** Whether the API server at `server` answers `/readyz` with 200. */
async function isReady(server: string, pki: ClusterPki): Promise<boolean> {
  return apiRequest(server, pki, 'GET', '/readyz', undefined, 2000).then(
    (r) => r.status === 200,
    () => false,
  );
}

/** The cluster already running from `dataDir`, if its API server answers. */
export async function runningCluster(dataDir: string): Promise<RunningCluster | undefined> {
  const dir = resolve(dataDir);
  const state = readState(dir);
  if (!state?.processes.length || !state.processes.every((p) => isOurs(p.pid, p.binary))) return undefined;
  if (!(await isReady(state.server, await ensurePki(dir)))) return undefined;
  return { kubeconfigPath: state.kubeconfigPath, server: state.server, stop: async () => void (await stopCluster(dir)) };
}

/** Stops the cluster recorded in `dataDir`; false when none was running. */
export async function stopCluster(dataDir: string): Promise<boolean> {
  const dir = resolve(dataDir);
  const state = readState(dir);
  if (!state?.processes.length) return false;
  const wasRunning = state.processes.some((p) => isOurs(p.pid, p.binary));
  await stopProcesses(state.processes);
  // Keep the record (without processes) so the next start reuses the port and the kubeconfig.
  writeFileSync(statePath(dir), JSON.stringify({ ...state, processes: [] }, null, 2));
  return wasRunning;
}

/**
 * Starts the control plane and resolves once the API server answers `/readyz` and the fake node
 * is registered. Reuses a cluster already running from the same `dataDir`.
 */
export async function startCluster(options: StartClusterOptions): Promise<RunningCluster> {
  const dataDir = resolve(options.dataDir);
  const existing = await runningCluster(dataDir);
  if (existing) return existing;
  await stopCluster(dataDir);

  const logDir = join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const binDir = options.binDir ?? (await k8sBinDir());
  const previousPort = readState(dataDir)?.apiServerPort;
  const apiServerPort = options.apiServerPort ?? (previousPort && (await portIsFree(previousPort)) ? previousPort : await freePort());
  const [etcdPort, etcdPeerPort, pki] = await Promise.all([freePort(), freePort(), ensurePki(dataDir)]);
  const server = `https://127.0.0.1:${apiServerPort}`;
  const kubeconfigPath = join(dataDir, 'kubeconfig');
  writeAdminKubeconfig(kubeconfigPath, server, pki);
  const plan = components({ dataDir, binDir, pki, etcdPort, etcdPeerPort, apiServerPort, kubeconfig: kubeconfigPath });

  const state: ClusterState = { server, apiServerPort, kubeconfigPath, processes: [] };
  const exited = new Map<string, number | string>();
  const launch = (component: Component) => {
    const log = openSync(join(logDir, `${component.name}.log`), 'a');
    const child = spawn(component.binary, component.args, { detached: options.detached ?? false, stdio: ['ignore', log, log] });
    closeSync(log);
    child.on('exit', (code, signal) => exited.set(component.name, signal ?? code ?? 'unknown'));
    if (options.detached) child.unref();
    state.processes.push({ name: component.name, pid: child.pid!, binary: component.binary });
    writeFileSync(statePath(dataDir), JSON.stringify(state, null, 2));
  };
  const waitUntil = async (component: Component, ready: () => Promise<boolean>) => {
    const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
    for (;;) {
      if (exited.has(component.name)) {
        throw new Error(`${component.name} exited (${exited.get(component.name)}) during start-up:\n${logTail(join(logDir, `${component.name}.log`))}`);
      }
      if (await ready()) return;
      if (Date.now() > deadline) throw new Error(`${component.name} was not ready in time:\n${logTail(join(logDir, `${component.name}.log`))}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  try {
    launch(plan.storage);
    await waitUntil(plan.storage, () =>
      fetch(`http://127.0.0.1:${etcdPort}/health`).then(
        async (r) => r.ok && ((await r.json()) as { health?: string }).health === 'true',
        () => false,
      ),
    );
    launch(plan.apiServer);
    await waitUntil(plan.apiServer, () => isReady(server, pki));
    plan.rest.forEach(launch);
    const created = await apiRequest(server, pki, 'POST', '/api/v1/nodes', FAKE_NODE);
    if (created.status !== 201 && created.status !== 409) throw new Error(`could not register the fake node: ${created.status} ${created.body}`);
  } catch (err) {
    await stopCluster(dataDir);
    throw err;
  }
  return { kubeconfigPath, server, stop: async () => void (await stopCluster(dataDir)) };
}
