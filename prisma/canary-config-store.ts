/**
 * Kayenta canary configs, stored whole (unknown fields kept) with the fields Kayenta's API lists:
 * `id`, `name`, `applications` and the created/updated timestamps. Names are unique within an
 * application, as in Kayenta; every write is one transaction.
 */
import { randomUUID } from 'node:crypto';
import type { CanaryConfig } from '../canary/config';
import { applicationKey } from './application-store';
import type { PrismaClient } from './generated/client';
import { Prisma } from './generated/client';
import { isJsonObject, omitKeys } from './json';
import { retryOnUniqueViolation } from './retry';
import { ConflictError } from './store-errors';

/** Timestamps as Kayenta serves them: epoch milliseconds and ISO-8601. */
export interface CanaryConfigTimestamps {
  createdTimestamp: number;
  createdTimestampIso: string;
  updatedTimestamp: number;
  updatedTimestampIso: string;
}

/**
 * A canary config as served: the saved JSON with its string `id`, `applications` (lower-cased)
 * and the server's timestamps.
 */
export type StoredCanaryConfig = CanaryConfig & CanaryConfigTimestamps & { id: string; applications: string[] };

/** One entry of `GET /v2/canaryConfig`, Kayenta's `CanaryConfigIndex` shape. */
export interface CanaryConfigSummary {
  id: string;
  name: string;
  updatedTimestamp: number;
  updatedTimestampIso: string;
  applications: string[];
}

/** What a client saves: a validated canary config; `id` is optional on create. */
export type CanaryConfigInput = CanaryConfig & { id?: string };

export interface CanaryConfigStore {
  /** Summaries ordered by name, of one application's configs or of all. */
  list(application?: string): Promise<CanaryConfigSummary[]>;
  get(id: string): Promise<StoredCanaryConfig | null>;
  /**
   * Stores a new config under `input.id`, or a new UUID.
   * @throws ConflictError when the id exists, or one of its applications has a config of that name.
   */
  create(input: CanaryConfigInput): Promise<StoredCanaryConfig>;
  /**
   * Replaces config `id` (its created timestamp stays); null when there is none.
   * @throws ConflictError when one of its applications has another config of that name.
   */
  update(id: string, input: CanaryConfigInput): Promise<StoredCanaryConfig | null>;
  /** Deletes config `id`; false when there was none. */
  delete(id: string): Promise<boolean>;
}

/** Fields the server owns; whatever the client sends for them is replaced. */
const SERVER_FIELDS = ['id', 'applications', 'createdTimestamp', 'createdTimestampIso', 'updatedTimestamp', 'updatedTimestampIso'] as const;

type Tx = Prisma.TransactionClient;

interface Row {
  id: string;
  applications: string[];
  config: Prisma.JsonValue;
  createdTimestamp: Date;
  updatedTimestamp: Date;
}

function served(row: Row): StoredCanaryConfig {
  const config = isJsonObject(row.config) ? row.config : {};
  return {
    ...(config as CanaryConfig),
    id: row.id,
    applications: row.applications,
    createdTimestamp: row.createdTimestamp.getTime(),
    createdTimestampIso: row.createdTimestamp.toISOString(),
    updatedTimestamp: row.updatedTimestamp.getTime(),
    updatedTimestampIso: row.updatedTimestamp.toISOString(),
  };
}

function applicationKeys(input: CanaryConfigInput): string[] {
  return [...new Set((input.applications ?? []).map(applicationKey).filter(Boolean))];
}

/**
 * Serializes the writes that claim a name, then refuses a name another config already uses in one
 * of the same applications. The lock is taken even when no row exists yet, so two concurrent
 * creates of one name cannot both pass the check.
 */
async function claimName(tx: Tx, id: string, name: string, applications: string[]): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`canary_config:${name}`}))`;
  if (!applications.length) return;
  const other = await tx.canaryConfig.findFirst({
    where: { name, applications: { hasSome: applications }, NOT: { id } },
    select: { id: true, applications: true },
  });
  if (other) {
    const shared = other.applications.filter((a) => applications.includes(a));
    throw new ConflictError(`a canary config named '${name}' already exists in application '${shared[0]}' (id ${other.id})`);
  }
}

function toData(input: CanaryConfigInput) {
  const applications = applicationKeys(input);
  const config = { ...omitKeys(input, SERVER_FIELDS), applications } as Prisma.InputJsonObject;
  return { name: input.name, applications, config };
}

export function createCanaryConfigStore(prisma: PrismaClient): CanaryConfigStore {
  return {
    async list(application) {
      const rows = await prisma.canaryConfig.findMany({
        where: application ? { applications: { has: applicationKey(application) } } : {},
        select: { id: true, name: true, applications: true, updatedTimestamp: true },
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
      });
      return rows.map((row) => ({
        id: row.id,
        name: row.name,
        updatedTimestamp: row.updatedTimestamp.getTime(),
        updatedTimestampIso: row.updatedTimestamp.toISOString(),
        applications: row.applications,
      }));
    },

    async get(id) {
      const row = await prisma.canaryConfig.findUnique({ where: { id } });
      return row ? served(row) : null;
    },

    create(input) {
      const id = input.id ?? randomUUID();
      const data = toData(input);
      // Two creates under one new id race to the primary key; the retry then reports the conflict.
      return retryOnUniqueViolation(() =>
        prisma.$transaction(async (tx) => {
          await claimName(tx, id, data.name, data.applications);
          if (await tx.canaryConfig.findUnique({ where: { id }, select: { id: true } })) {
            throw new ConflictError(`a canary config with id '${id}' already exists; update it with PUT /v2/canaryConfig/${id}`);
          }
          const now = new Date();
          return served(await tx.canaryConfig.create({ data: { id, ...data, createdTimestamp: now, updatedTimestamp: now } }));
        }),
      );
    },

    update(id, input) {
      const data = toData(input);
      return prisma.$transaction(async (tx) => {
        await claimName(tx, id, data.name, data.applications);
        const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM canary_config WHERE id = ${id} FOR UPDATE`;
        if (!locked.length) return null;
        return served(await tx.canaryConfig.update({ where: { id }, data: { ...data, updatedTimestamp: new Date() } }));
      });
    },

    async delete(id) {
      const deleted = await prisma.canaryConfig.deleteMany({ where: { id } });
      return deleted.count > 0;
    },
  };
}
