import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';

export interface GennakerWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** A prebuilt bundle (tests, production images); otherwise the workflows are bundled at start. */
  workflowBundlePath?: string;
  /** Extra activities (tests and benchmarks may add their own). */
  extraActivities?: Record<string, (...args: never[]) => Promise<unknown>>;
  tuning?: Pick<WorkerOptions, 'maxConcurrentActivityTaskExecutions' | 'maxConcurrentWorkflowTaskExecutions' | 'maxCachedWorkflows'>;
}

/** The failure converter (well-formed failure texts) of the activities and of the workflow bundle. */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

/** Builds the Gennaker worker: the pipeline workflows plus every activity, on one task queue. */
export async function createWorker(options: GennakerWorkerOptions): Promise<Worker> {
  const workflows = options.workflowBundlePath
    ? { workflowBundle: { codePath: options.workflowBundlePath } }
    : { workflowsPath: require.resolve('../workflows') };
  // A prebuilt bundle carries its own copy of the converter (see bundle.ts).
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...workflows,
    dataConverter: { failureConverterPath: FAILURE_CONVERTER_PATH },
    activities: { ...createActivities(options.deps), ...(options.extraActivities ?? {}) },
    ...options.tuning,
  });
}
