/**
 * The local cluster's command line (`npm run cluster -- start|stop|status`). `start` leaves the
 * processes running and prints `KUBECONFIG=<absolute path>` on a line of its own.
 */
import { join, resolve } from 'node:path';
import { runningCluster, startCluster, stopCluster } from './lib/cluster';

const dataDir = resolve(process.env.GENNAKER_CLUSTER_DIR ?? join(__dirname, '..', '.data', 'cluster'));

async function main(command: string): Promise<number> {
  switch (command) {
    case 'start': {
      const started = Date.now();
      const already = await runningCluster(dataDir);
      const cluster = already ?? (await startCluster({ dataDir, detached: true }));
      process.stderr.write(
        already
          ? `cluster already running at ${cluster.server}\n`
          : `cluster started at ${cluster.server} in ${((Date.now() - started) / 1000).toFixed(1)} s (logs in ${join(dataDir, 'logs')}; stop with 'npm run cluster -- stop')\n`,
      );
      process.stdout.write(`KUBECONFIG=${cluster.kubeconfigPath}\n`);
      return 0;
    }
    case 'stop':
      process.stderr.write((await stopCluster(dataDir)) ? 'cluster stopped\n' : 'no cluster was running\n');
      return 0;
    case 'status': {
      const cluster = await runningCluster(dataDir);
      process.stdout.write(cluster ? `running at ${cluster.server}\nKUBECONFIG=${cluster.kubeconfigPath}\n` : 'not running\n');
      return cluster ? 0 : 3;
    }
    default:
      process.stderr.write(`usage: npm run cluster -- [start|stop|status]\n`);
      return 2;
  }
}

main(process.argv[2] ?? 'start').then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
