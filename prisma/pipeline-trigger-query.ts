/**
 * Finding pipeline configs by their triggers with a JSONB containment query on the stored JSON
 * (`config->'triggers' @> '[{…}]'`), so no trigger table has to be kept in sync for the cron
 * reconciler and pipeline-completion triggers.
 */
import type { PrismaClient } from './generated/client';
import { isJsonObject } from './json';
import type { StoredPipelineConfig } from './pipeline-store';

export interface PipelineTriggerQuery {
  /** Current configs with at least one trigger of `type` (enabled or not). */
  withTriggerType(type: string): Promise<StoredPipelineConfig[]>;
  /** Current configs with a `pipeline` trigger naming `upstreamConfigId` (enabled or not). */
  triggeredBy(upstreamConfigId: string): Promise<StoredPipelineConfig[]>;
}

interface Row {
  config: unknown;
  version: number;
  update_ts: Date;
  last_modified_by: string | null;
}

function served(row: Row): StoredPipelineConfig {
  const config = isJsonObject(row.config) ? row.config : {};
  return {
    ...(config as StoredPipelineConfig),
    updateTs: String(row.update_ts.getTime()),
    ...(row.last_modified_by ? { lastModifiedBy: row.last_modified_by } : {}),
    version: row.version,
  };
}

export function createPipelineTriggerQuery(prisma: PrismaClient): PipelineTriggerQuery {
  const containing = async (pattern: unknown[]) => {
    const rows = await prisma.$queryRaw<Row[]>`
      SELECT config, version, update_ts, last_modified_by FROM pipeline_config
      WHERE jsonb_typeof(config->'triggers') = 'array' AND config->'triggers' @> ${JSON.stringify(pattern)}::jsonb
      ORDER BY id`;
    return rows.map(served);
  };
  return {
    withTriggerType: (type) => containing([{ type }]),
    triggeredBy: (upstreamConfigId) => containing([{ type: 'pipeline', pipeline: upstreamConfigId }]),
  };
}
