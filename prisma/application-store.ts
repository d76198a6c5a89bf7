/**
 * Applications in Front50's shape: `{name, attributes}`. Names are stored lower-cased, since
 * Spinnaker treats application names case-insensitively.
 */
import type { PrismaClient } from './generated/client';
import { Prisma } from './generated/client';
import { isJsonObject, omitKeys } from './json';
import { retryOnUniqueViolation } from './retry';

/** An application as served: attributes as saved plus `name`, `createTs`, `updateTs` (epoch ms strings, like Front50). */
export interface ApplicationRecord {
  name: string;
  attributes: Record<string, unknown>;
}

export interface ApplicationStore {
  list(): Promise<ApplicationRecord[]>;
  get(name: string): Promise<ApplicationRecord | null>;
  /** Creates the application or merges `attributes` into the stored ones (top-level keys replace). */
  upsert(name: string, attributes: Record<string, unknown>): Promise<ApplicationRecord>;
  /** Deletes the application and its pipeline configs (their history stays). False when absent. */
  delete(name: string): Promise<boolean>;
}

/** The stored key of an application name. */
export function applicationKey(name: string): string {
  return name.trim().toLowerCase();
}

type Row = { name: string; attributes: Prisma.JsonValue; createdAt: Date; updatedAt: Date };

function toRecord(row: Row): ApplicationRecord {
  const stored = isJsonObject(row.attributes) ? row.attributes : {};
  return {
    name: row.name,
    attributes: {
      ...stored,
      name: row.name,
      createTs: String(row.createdAt.getTime()),
      updateTs: String(row.updatedAt.getTime()),
    },
  };
}

/** Attributes the server manages; never taken from the client. */
const SERVER_ATTRIBUTES = ['name', 'createTs', 'updateTs'] as const;

export function createApplicationStore(prisma: PrismaClient): ApplicationStore {
  return {
    async list() {
      const rows = await prisma.application.findMany({ orderBy: { name: 'asc' } });
      return rows.map(toRecord);
    },

    async get(name) {
      const row = await prisma.application.findUnique({ where: { name: applicationKey(name) } });
      return row ? toRecord(row) : null;
    },

    upsert(name, attributes) {
      const key = applicationKey(name);
      return retryOnUniqueViolation(() =>
        prisma.$transaction(async (tx) => {
          // Read under a row lock so concurrent merges apply one after the other instead of losing
          // keys. No row: create it; a concurrent creator makes that a unique violation, retried.
          const [existing] = await tx.$queryRaw<{ attributes: unknown }[]>`
            SELECT attributes FROM application WHERE name = ${key} FOR UPDATE`;
          const previous = existing && isJsonObject(existing.attributes) ? existing.attributes : {};
          const merged = { ...previous, ...omitKeys(attributes, SERVER_ATTRIBUTES), name: key } as Prisma.InputJsonObject;
          const row = existing
            ? await tx.application.update({ where: { name: key }, data: { attributes: merged } })
            : await tx.application.create({ data: { name: key, attributes: merged } });
          return toRecord(row);
        }),
      );
    },

    async delete(name) {
      const key = applicationKey(name);
      return prisma.$transaction(async (tx) => {
        const deleted = await tx.application.deleteMany({ where: { name: key } });
        if (deleted.count === 0) return false;
        await tx.pipelineConfig.deleteMany({ where: { application: key } });
        return true;
      });
    },
  };
}
