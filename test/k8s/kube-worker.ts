/**
 * A worker process for the SIGKILL test: the production worker factory with one `local` account
 * (KUBECONFIG) and no database. Started by worker-kill.test.ts.
 */
import { NativeConnection } from '@temporalio/worker';
import { staticAccounts } from '../../activities/cloud/accounts';
import { createWorker } from '../../worker/create-worker';

async function main(): Promise<void> {
  const env = (name: string) => process.env[name] ?? (() => { throw new Error(`${name} is not set`); })();
  const connection = await NativeConnection.connect({ address: env('TEMPORAL_ADDRESS') });
  const worker = await createWorker({
    connection,
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: env('TEMPORAL_TASK_QUEUE'),
    workflowBundlePath: env('GENNAKER_WORKFLOW_BUNDLE'),
    deps: {
      pipelineConfigs: { getPipelineConfigById: async () => null },
      webhook: { allowLinkLocal: false },
      kubernetes: { accounts: staticAccounts([{ name: 'local', type: 'kubernetes', kubeconfigFile: env('KUBECONFIG') }]), pollIntervalMs: 200 },
    },
  });
  process.stdout.write('polling task queue\n');
  await worker.run();
}

main().catch((err) => {
  process.stderr.write(`${String(err?.stack ?? err)}\n`);
  process.exit(1);
});
