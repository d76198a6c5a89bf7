-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "application" (
    "name" TEXT NOT NULL,
    "attributes" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "application_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "pipeline_config" (
    "id" TEXT NOT NULL,
    "application" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "version" INTEGER NOT NULL,
    "update_ts" TIMESTAMP(3) NOT NULL,
    "last_modified_by" TEXT,

    CONSTRAINT "pipeline_config_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pipeline_config_version" (
    "config_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "config" JSONB NOT NULL,
    "user" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pipeline_config_version_pkey" PRIMARY KEY ("config_id","version")
);

-- CreateTable
CREATE TABLE "task" (
    "id" TEXT NOT NULL,
    "application" TEXT,
    "description" TEXT,
    "status" TEXT NOT NULL,
    "job" JSONB NOT NULL,
    "failure" JSONB,
    "start_time" TIMESTAMP(3) NOT NULL,
    "end_time" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "task_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "pipeline_config_application_name_key" ON "pipeline_config"("application", "name");

