/**
 * The whole test suite (`npm test`): one Temporal dev server and one fresh PostgreSQL database
 * per run, the workflow code bundled once, then every test file under node's test runner.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { run } from './lib/processes';
import { writeWorkflowBundle } from '../worker/bundle';
import { startCluster } from './lib/cluster';
import { createTestDatabase } from './lib/test-database';
import { startDevServer } from './lib/temporal-server';
import { waitForTemporal } from './lib/temporal-ready';

const root = join(__dirname, '..');

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'fixtures' || name === 'helpers' ? [] : testFiles(path);
    return name.endsWith('.test.ts') ? [relative(root, path)] : [];
  });
}

async function main(): Promise<number> {
  const runDir = join(root, '.data', `test-run-${process.pid}`);
  mkdirSync(runDir, { recursive: true });
  const started = Date.now();
  // Real tools some tests drive: Spinnaker's spin CLI, a Prometheus server, and the CNCF registry
  // with crane for the docker trigger (installed once).
  const [spinCli, prometheus, [registryBin, craneBin]] = await Promise.all([
    run('bash', [join(root, 'scripts', 'ensure-spin-cli.sh')]).then((out) => out.trim()),
    run('bash', [join(root, 'scripts', 'ensure-prometheus.sh')]).then((out) => out.trim()),
    run('bash', [join(root, 'scripts', 'ensure-registry-tools.sh')]).then((out) => out.trim().split('\n')),
  ]);
  const [server, database, bundle, cluster] = await Promise.all([
    startDevServer({ dbFile: join(runDir, 'temporal.db'), headless: true }),
    createTestDatabase(),
    writeWorkflowBundle(join(runDir, 'workflow-bundle.js')),
    // A real Kubernetes control plane (etcd, kube-apiserver, controllers, kwok nodes), one per run.
    startCluster({ dataDir: join(runDir, 'cluster') }),
  ]);
  try {
    await waitForTemporal(server.address, 'default', 60_000);
    process.stderr.write(`test setup ready in ${((Date.now() - started) / 1000).toFixed(1)} s (Temporal ${server.address}, database ${database.name})\n`);
    const files = process.argv.slice(2).length ? process.argv.slice(2) : testFiles(join(root, 'test'));
    const code = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], {
        cwd: root,
        stdio: 'inherit',
        env: {
          ...process.env,
          TEMPORAL_ADDRESS: server.address,
          TEMPORAL_CLI: server.cli,
          SPIN_CLI: spinCli,
          PROMETHEUS_BIN: prometheus,
          REGISTRY_BIN: registryBin,
          CRANE_BIN: craneBin,
          TEMPORAL_NAMESPACE: 'default',
          DATABASE_URL: database.url,
          GENNAKER_WORKFLOW_BUNDLE: bundle,
          GENNAKER_TEST_RUN_DIR: runDir,
          GENNAKER_TEST_KUBECONFIG: cluster.kubeconfigPath,
        },
      });
      child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
    });
    return code;
  } finally {
    await Promise.all([server.stop(), cluster.stop()]);
    await database.drop();
    rmSync(runDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`test run failed to start: ${String(err?.stack ?? err)}\n`);
    process.exit(1);
  },
);
