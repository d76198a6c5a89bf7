-- CreateTable
CREATE TABLE "pipeline_trigger" (
    "pipeline_config_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "trigger_id" TEXT,
    "application" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "match_key" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "pipeline_disabled" BOOLEAN NOT NULL,

    CONSTRAINT "pipeline_trigger_pkey" PRIMARY KEY ("pipeline_config_id","position")
);

-- CreateIndex
CREATE INDEX "pipeline_trigger_type_match_key_idx" ON "pipeline_trigger"("type", "match_key");

-- AddForeignKey
ALTER TABLE "pipeline_trigger" ADD CONSTRAINT "pipeline_trigger_pipeline_config_id_fkey" FOREIGN KEY ("pipeline_config_id") REFERENCES "pipeline_config"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Backfill: index the triggers of every stored config (the same keys as the trigger definitions
-- compute, and later saves rewrite the rows from the application code).
INSERT INTO "pipeline_trigger" ("pipeline_config_id", "position", "trigger_id", "application", "type", "match_key", "enabled", "pipeline_disabled")
SELECT c."id",
       (t.ordinality - 1)::integer,
       t.value->>'id',
       c."application",
       t.value->>'type',
       CASE
         WHEN t.value->>'type' = 'webhook' THEN coalesce(t.value->>'source', '')
         WHEN t.value->>'type' = 'git' THEN lower(coalesce(t.value->>'source', '') || ':' || coalesce(t.value->>'project', '') || '/' || coalesce(t.value->>'slug', ''))
         WHEN t.value->>'type' = 'docker' THEN lower(coalesce(t.value->>'repository', ''))
         WHEN t.value->>'type' IN ('jenkins', 'travis', 'concourse', 'wercker', 'gitlab-ci') THEN coalesce(t.value->>'master', '') || ':' || coalesce(t.value->>'job', '')
         ELSE ''
       END,
       coalesce(t.value->'enabled' = 'true'::jsonb, false),
       coalesce(c."config"->'disabled' = 'true'::jsonb, false)
FROM "pipeline_config" c
CROSS JOIN LATERAL jsonb_array_elements(
  CASE WHEN jsonb_typeof(c."config"->'triggers') = 'array' THEN c."config"->'triggers' ELSE '[]'::jsonb END
) WITH ORDINALITY AS t(value, ordinality)
WHERE jsonb_typeof(t.value) = 'object' AND jsonb_typeof(t.value->'type') = 'string';
