-- CreateTable
CREATE TABLE "cloud_account" (
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "namespaces" TEXT[],
    "kubeconfig_file" TEXT,
    "kubeconfig" TEXT,
    "context" TEXT,
    "project" TEXT,
    "location" TEXT,
    "cluster" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cloud_account_pkey" PRIMARY KEY ("name")
);
