/**
 * Pipeline configs (Spinnaker's pipeline JSON, unknown fields kept) with their version history.
 * Every save is one transaction that rewrites the current row and appends a version, so a reader
 * never sees a config without its history entry, or the reverse.
 */
import { randomUUID } from 'node:crypto';
import type { PipelineConfig } from '../workflows/model/pipeline';
import type { PrismaClient } from './generated/client';
import { Prisma } from './generated/client';
import { applicationKey } from './application-store';
import { isJsonObject, omitKeys } from './json';
import { retryOnUniqueViolation } from './retry';
import { ConflictError } from './store-errors';
import { createTriggerIndexStore, writeTriggerIndex } from './trigger-index-store';
import { withTriggerIds } from '../workflows/triggers/trigger-ids';

/**
 * A pipeline config as served: the saved JSON plus the fields the server owns — `id`,
 * `application` (lower-cased), `name`, `updateTs` (epoch ms as a string, like Front50),
 * `lastModifiedBy` and `version` (1 for the first save).
 */
export type StoredPipelineConfig = PipelineConfig & {
  updateTs: string;
  lastModifiedBy?: string;
  version: number;
};

/** What a client saves: any JSON object with at least `application` and `name`. */
export type PipelineConfigInput = Record<string, unknown> & { application: string; name: string; id?: string };

export interface SaveOptions {
  /** Who saves; recorded as `lastModifiedBy` and in the history. */
  user?: string;
  /**
   * Front50's `staleCheck`: refuse the save when the stored config's `updateTs` differs from
   * the one in the submitted JSON (someone saved in between).
   */
  staleCheck?: boolean;
}

export interface PipelineStore {
  /** Current configs of an application, ordered by `index` then name, like Front50. */
  listByApplication(application: string): Promise<StoredPipelineConfig[]>;
  getByName(application: string, name: string): Promise<StoredPipelineConfig | null>;
  getById(id: string): Promise<StoredPipelineConfig | null>;
  /**
   * Creates or updates a config and appends a version. The target is the config with the given
   * `id`, else the one with the same application and name, else a new one (new UUID unless `id`
   * is given). Throws ConflictError when the name belongs to another config or the save is stale.
   */
  save(input: PipelineConfigInput, options?: SaveOptions): Promise<StoredPipelineConfig>;
  /** Deletes the current config and returns it; its history stays, so it can be restored. Null when absent. */
  deleteByName(application: string, name: string): Promise<StoredPipelineConfig | null>;
  /** Saved versions, newest first (also those of a deleted config). Empty when the id is unknown. */
  history(id: string, limit?: number): Promise<StoredPipelineConfig[]>;
  getVersion(id: string, version: number): Promise<StoredPipelineConfig | null>;
  /**
   * Saves version `version`'s JSON again as a new version (history stays linear; a deleted config
   * comes back). Null when that version does not exist; ConflictError when its name is taken.
   */
  restore(id: string, version: number, options?: SaveOptions): Promise<StoredPipelineConfig | null>;
  /** Configs with a trigger of one of `types` under one of `matchKeys`, from the trigger index. */
  findByTrigger(types: readonly string[], matchKeys: readonly string[]): Promise<StoredPipelineConfig[]>;
}

/** Fields the server owns; whatever the client sends for them is ignored. */
const SERVER_FIELDS = ['updateTs', 'lastModifiedBy', 'version'] as const;

type Tx = Prisma.TransactionClient;

function served(config: unknown, version: number, at: Date, user: string | null): StoredPipelineConfig {
  const saved = isJsonObject(config) ? config : {};
  return {
    ...(saved as PipelineConfig),
    updateTs: String(at.getTime()),
    ...(user ? { lastModifiedBy: user } : {}),
    version,
  };
}

function fromRow(row: { config: Prisma.JsonValue; version: number; updateTs: Date; lastModifiedBy: string | null }) {
  return served(row.config, row.version, row.updateTs, row.lastModifiedBy);
}

function fromVersionRow(row: { config: Prisma.JsonValue; version: number; createdAt: Date; user: string | null }) {
  return served(row.config, row.version, row.createdAt, row.user);
}

async function saveInTx(tx: Tx, input: PipelineConfigInput, options: SaveOptions): Promise<StoredPipelineConfig> {
  const application = applicationKey(input.application);
  const name = input.name;
  // Saves of one config queue here instead of racing for the same next version.
  await tx.$queryRaw`SELECT id FROM pipeline_config WHERE id = ${input.id ?? ''} OR (application = ${application} AND name = ${name}) FOR UPDATE`;
  const byId = input.id ? await tx.pipelineConfig.findUnique({ where: { id: input.id } }) : null;
  const byName = await tx.pipelineConfig.findUnique({ where: { application_name: { application, name } } });
  if (byName && byName.id !== (input.id ?? byName.id)) {
    throw new ConflictError(`a pipeline named '${name}' already exists in application '${application}' (id ${byName.id})`);
  }
  const current = byId ?? byName;
  if (options.staleCheck && current && String(input.updateTs ?? '') !== String(current.updateTs.getTime())) {
    throw new ConflictError(
      `pipeline '${name}' was modified since updateTs ${String(input.updateTs ?? '(none)')} (now ${current.updateTs.getTime()}); reload it and save again`,
    );
  }
  const id = input.id ?? current?.id ?? randomUUID();
  const last = await tx.pipelineConfigVersion.aggregate({ where: { configId: id }, _max: { version: true } });
  const version = (last._max.version ?? 0) + 1;
  const config = {
    ...omitKeys(input, SERVER_FIELDS),
    id,
    application,
    name,
    stages: Array.isArray(input.stages) ? input.stages : [],
    ...(input.triggers !== undefined ? { triggers: withTriggerIds(input.triggers, randomUUID) } : {}),
  } as Prisma.InputJsonObject;
  const now = new Date();
  const user = options.user ?? null;
  await tx.pipelineConfig.upsert({
    where: { id },
    create: { id, application, name, config, version, updateTs: now, lastModifiedBy: user },
    update: { application, name, config, version, updateTs: now, lastModifiedBy: user },
  });
  await tx.pipelineConfigVersion.create({ data: { configId: id, version, config, user, createdAt: now } });
  await writeTriggerIndex(tx, { ...(config as Record<string, unknown>), id, application });
  return served(config, version, now, user);
}

function sortLikeFront50(configs: StoredPipelineConfig[]): StoredPipelineConfig[] {
  const index = (c: StoredPipelineConfig) => (typeof c.index === 'number' ? c.index : Number.MAX_SAFE_INTEGER);
  return configs.sort((a, b) => index(a) - index(b) || a.name.localeCompare(b.name));
}

export function createPipelineStore(prisma: PrismaClient): PipelineStore {
  const inTransaction = <T>(work: (tx: Tx) => Promise<T>) =>
    retryOnUniqueViolation(() => prisma.$transaction(work));
  const triggerIndex = createTriggerIndexStore(prisma);

  return {
    async listByApplication(application) {
      const rows = await prisma.pipelineConfig.findMany({ where: { application: applicationKey(application) } });
      return sortLikeFront50(rows.map(fromRow));
    },

    async getByName(application, name) {
      const row = await prisma.pipelineConfig.findUnique({
        where: { application_name: { application: applicationKey(application), name } },
      });
      return row ? fromRow(row) : null;
    },

    async getById(id) {
      const row = await prisma.pipelineConfig.findUnique({ where: { id } });
      return row ? fromRow(row) : null;
    },

    save(input, options = {}) {
      return inTransaction((tx) => saveInTx(tx, input, options));
    },

    deleteByName(application, name) {
      return prisma.$transaction(async (tx) => {
        const where = { application_name: { application: applicationKey(application), name } };
        const row = await tx.pipelineConfig.findUnique({ where });
        if (!row) return null;
        // A concurrent delete may have won; only the one that removed the row reports it.
        const deleted = await tx.pipelineConfig.deleteMany({ where: { id: row.id } });
        return deleted.count > 0 ? fromRow(row) : null;
      });
    },

    async history(id, limit) {
      const rows = await prisma.pipelineConfigVersion.findMany({
        where: { configId: id },
        orderBy: { version: 'desc' },
        ...(limit !== undefined ? { take: limit } : {}),
      });
      return rows.map(fromVersionRow);
    },

    async getVersion(id, version) {
      const row = await prisma.pipelineConfigVersion.findUnique({
        where: { configId_version: { configId: id, version } },
      });
      return row ? fromVersionRow(row) : null;
    },

    restore(id, version, options = {}) {
      return inTransaction(async (tx) => {
        const row = await tx.pipelineConfigVersion.findUnique({
          where: { configId_version: { configId: id, version } },
        });
        if (!row || !isJsonObject(row.config)) return null;
        const old = row.config as PipelineConfigInput;
        return saveInTx(tx, { ...old, id }, options);
      });
    },

    findByTrigger(types, matchKeys) {
      return triggerIndex.candidates(types, matchKeys);
    },
  };
}
