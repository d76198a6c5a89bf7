/**
 * Application tasks (`POST /tasks`). Gennaker runs them at once, so a task is stored finished and
 * `GET /tasks/{id}` only reads it back.
 */
import type { PrismaClient } from './generated/client';
import { Prisma } from './generated/client';
import { isJsonObject } from './json';

/** Why a task failed, in Orca's exception shape. */
export interface TaskFailure {
  error: string;
  errors: string[];
}

export interface TaskRecord {
  id: string;
  application: string | null;
  description: string | null;
  /** An Orca status: SUCCEEDED or TERMINAL. */
  status: string;
  job: unknown[];
  failure: TaskFailure | null;
  startTime: Date;
  endTime: Date;
}

export interface TaskStore {
  create(task: TaskRecord): Promise<TaskRecord>;
  get(id: string): Promise<TaskRecord | null>;
}

function toRecord(row: {
  id: string;
  application: string | null;
  description: string | null;
  status: string;
  job: Prisma.JsonValue;
  failure: Prisma.JsonValue;
  startTime: Date;
  endTime: Date;
}): TaskRecord {
  return {
    ...row,
    job: Array.isArray(row.job) ? row.job : [],
    failure: isJsonObject(row.failure) ? (row.failure as unknown as TaskFailure) : null,
  };
}

export function createTaskStore(prisma: PrismaClient): TaskStore {
  return {
    async create(task) {
      const row = await prisma.task.create({
        data: {
          ...task,
          job: task.job as Prisma.InputJsonArray,
          failure: task.failure ? (task.failure as unknown as Prisma.InputJsonObject) : Prisma.DbNull,
        },
      });
      return toRecord(row);
    },

    async get(id) {
      const row = await prisma.task.findUnique({ where: { id } });
      return row ? toRecord(row) : null;
    },
  };
}
