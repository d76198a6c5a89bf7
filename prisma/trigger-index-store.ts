/**
 * The trigger index (`pipeline_trigger`): which pipeline configs have a trigger of a type with a
 * given match key. Rows are rewritten inside the pipeline store's save transaction and cascade
 * away with a deleted config, so the index never disagrees with the configs.
 */
import type { TriggerConfig } from '../workflows/model/pipeline';
import { getTriggerDefinition } from '../workflows/triggers/registry';
import type { PrismaClient } from './generated/client';
import { Prisma } from './generated/client';
import { isJsonObject } from './json';
import type { StoredPipelineConfig } from './pipeline-store';

type Tx = Prisma.TransactionClient;

/** One index row as written. */
export interface TriggerIndexRow {
  pipelineConfigId: string;
  position: number;
  triggerId: string | null;
  application: string;
  type: string;
  matchKey: string;
  enabled: boolean;
  pipelineDisabled: boolean;
}

/** The rows for a saved config: one per trigger object with a string `type`. */
export function triggerIndexRows(config: Record<string, unknown> & { id: string; application: string }): TriggerIndexRow[] {
  const triggers = Array.isArray(config.triggers) ? (config.triggers as unknown[]) : [];
  const rows: TriggerIndexRow[] = [];
  triggers.forEach((t, position) => {
    if (!isJsonObject(t) || typeof t.type !== 'string') return;
    const trigger = t as TriggerConfig;
    rows.push({
      pipelineConfigId: config.id,
      position,
      triggerId: typeof trigger.id === 'string' ? trigger.id : null,
      application: config.application,
      type: trigger.type,
      matchKey: getTriggerDefinition(trigger.type)?.matchKey?.(trigger) ?? '',
      enabled: trigger.enabled === true,
      pipelineDisabled: config.disabled === true,
    });
  });
  return rows;
}

/** Replaces a config's rows; call inside the transaction that saves the config. */
export async function writeTriggerIndex(tx: Tx, config: Record<string, unknown> & { id: string; application: string }): Promise<void> {
  await tx.pipelineTrigger.deleteMany({ where: { pipelineConfigId: config.id } });
  const rows = triggerIndexRows(config);
  if (rows.length) await tx.pipelineTrigger.createMany({ data: rows });
}

export interface TriggerIndexStore {
  /**
   * Current configs with a trigger of one of `types` under one of `matchKeys` (disabled ones
   * included, so an answer can say why they did not fire).
   */
  candidates(types: readonly string[], matchKeys: readonly string[]): Promise<StoredPipelineConfig[]>;
}

export function createTriggerIndexStore(prisma: PrismaClient): TriggerIndexStore {
  return {
    async candidates(types, matchKeys) {
      if (!types.length || !matchKeys.length) return [];
      const rows = await prisma.pipelineConfig.findMany({
        where: { triggers: { some: { type: { in: [...types] }, matchKey: { in: [...matchKeys] } } } },
        orderBy: [{ application: 'asc' }, { name: 'asc' }],
      });
      return rows.map((row) => ({
        ...(row.config as unknown as StoredPipelineConfig),
        updateTs: String(row.updateTs.getTime()),
        ...(row.lastModifiedBy ? { lastModifiedBy: row.lastModifiedBy } : {}),
        version: row.version,
      }));
    },
  };
}
