-- CreateTable
CREATE TABLE "canary_config" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "applications" TEXT[],
    "config" JSONB NOT NULL,
    "created_timestamp" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_timestamp" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "canary_config_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "canary_config_applications_idx" ON "canary_config" USING GIN ("applications");

-- CreateIndex
CREATE INDEX "canary_config_name_idx" ON "canary_config"("name");

