/**
 * Orca's application tasks (`POST /tasks` with `job: [{type: createApplication | updateApplication
 * | deleteApplication, application: {...}}]`), run at once against the store. A task that cannot
 * do its job is stored TERMINAL with the reason, as Orca reports a failed task; a malformed
 * request is a 400 before anything runs.
 */
import { z } from 'zod';
import type { ApplicationStore } from '../prisma/application-store';
import type { TaskFailure, TaskRecord, TaskStore } from '../prisma/task-store';
import { MAX_NAME_LENGTH } from './ids';
import type { AccessChecker } from './permissions';

/** Spinnaker application names: letters, digits, `.`, `_`, `-`. */
const APPLICATION_NAME = /^[A-Za-z0-9._-]+$/;

export const taskRequestSchema = z
  .object({
    job: z.array(z.object({ type: z.string().min(1) }).passthrough()).min(1, 'must name at least one job'),
    application: z.string().optional(),
    description: z.string().optional(),
  })
  .passthrough();

export type TaskRequest = z.infer<typeof taskRequestSchema>;
type Job = TaskRequest['job'][number];

/** A job that could not be done: the task ends TERMINAL with this message. */
class JobFailure extends Error {}

function jobApplication(job: Job): Record<string, unknown> {
  const app = job.application;
  return typeof app === 'object' && app !== null && !Array.isArray(app) ? (app as Record<string, unknown>) : {};
}

/** The application a job is about: its `application.name`, else the task's `application`. */
export function jobApplicationName(job: Job, request: TaskRequest): string | undefined {
  const name = jobApplication(job).name ?? request.application;
  return typeof name === 'string' && name.trim() ? name.trim() : undefined;
}

export interface ApplicationTaskDeps {
  applications: ApplicationStore;
  tasks: TaskStore;
}

/** Checks the caller may run every job: WRITE on an existing application; anyone may create one. */
export async function authorizeTask(request: TaskRequest, deps: ApplicationTaskDeps, access: AccessChecker) {
  for (const job of request.job) {
    const name = jobApplicationName(job, request);
    if (name && (await deps.applications.get(name))) await access.require(name, 'WRITE');
  }
}

async function runJob(job: Job, request: TaskRequest, deps: ApplicationTaskDeps): Promise<void> {
  const name = jobApplicationName(job, request);
  if (!name) throw new JobFailure(`${job.type}: application.name is required`);
  switch (job.type) {
    case 'createApplication':
    case 'updateApplication': {
      if (!APPLICATION_NAME.test(name) || name.length > MAX_NAME_LENGTH) {
        throw new JobFailure(
          `invalid application name '${name.slice(0, 80)}${name.length > 80 ? '…' : ''}': use up to ${MAX_NAME_LENGTH} letters, digits, '.', '_' and '-'`,
        );
      }
      await deps.applications.upsert(name, jobApplication(job));
      return;
    }
    case 'deleteApplication':
      if (!(await deps.applications.delete(name))) throw new JobFailure(`application '${name}' does not exist`);
      return;
    default:
      throw new JobFailure(`unsupported task type '${job.type}' (supported: createApplication, updateApplication, deleteApplication)`);
  }
}

/** Runs the jobs in order, stopping at the first failure, and stores the finished task. */
export async function runApplicationTask(
  id: string,
  request: TaskRequest,
  deps: ApplicationTaskDeps,
): Promise<TaskRecord> {
  const startTime = new Date();
  let failure: TaskFailure | null = null;
  for (const job of request.job) {
    try {
      await runJob(job, request, deps);
    } catch (err) {
      if (!(err instanceof JobFailure)) throw err;
      failure = { error: err.message, errors: [err.message] };
      break;
    }
  }
  return deps.tasks.create({
    id,
    application: request.application ?? (request.job[0] ? jobApplicationName(request.job[0], request) : undefined) ?? null,
    description: request.description ?? null,
    status: failure ? 'TERMINAL' : 'SUCCEEDED',
    job: request.job,
    failure,
    startTime,
    endTime: new Date(),
  });
}

/** Every application a stored task is about: its own and each job's `application.name`. */
export function taskApplications(task: TaskRecord): string[] {
  const names = new Set<string>();
  if (task.application?.trim()) names.add(task.application.trim().toLowerCase());
  for (const job of task.job) {
    const name = typeof job === 'object' && job !== null ? jobApplication(job as Job).name : undefined;
    if (typeof name === 'string' && name.trim()) names.add(name.trim().toLowerCase());
  }
  return [...names];
}

/** A task in Orca's JSON shape (what `GET /tasks/{id}` answers and spin polls). */
export function taskDocument(task: TaskRecord) {
  const at = (d: Date) => d.getTime();
  return {
    id: task.id,
    name: task.description ?? task.job.map((j) => (j as { type?: string }).type).join(', '),
    application: task.application,
    status: task.status,
    buildTime: at(task.startTime),
    startTime: at(task.startTime),
    endTime: at(task.endTime),
    steps: task.job.map((job) => ({
      name: (job as { type?: string }).type,
      status: task.status,
      startTime: at(task.startTime),
      endTime: at(task.endTime),
    })),
    variables: [
      ...(task.application ? [{ key: 'application', value: task.application }] : []),
      ...(task.failure ? [{ key: 'exception', value: { details: task.failure } }] : []),
    ],
  };
}
