-- CreateEnum
CREATE TYPE "InventoryScanStatus" AS ENUM ('running', 'succeeded', 'failed');

-- CreateEnum
CREATE TYPE "AccessMethod" AS ENUM ('static_keys', 'oidc_trustmap', 'oidc_foreign', 'none');

-- CreateTable
CREATE TABLE "inventory_scans" (
    "id" UUID NOT NULL,
    "status" "InventoryScanStatus" NOT NULL DEFAULT 'running',
    "started_by_id" UUID,
    "started_by_label" TEXT NOT NULL,
    "groups" TEXT[],
    "patterns" JSONB NOT NULL,
    "project_count" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "inventory_scans_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "project_access_methods" (
    "id" UUID NOT NULL,
    "scan_id" UUID NOT NULL,
    "gitlab_project_id" INTEGER NOT NULL,
    "project_path" TEXT NOT NULL,
    "default_branch" TEXT,
    "web_url" TEXT NOT NULL,
    "method" "AccessMethod" NOT NULL,
    "evidence" JSONB NOT NULL,
    "access_key_id" TEXT,
    "key_status" TEXT,
    "key_created_at" TIMESTAMPTZ(3),
    "key_last_used_at" TIMESTAMPTZ(3),
    "key_last_used_service" TEXT,
    "key_lookup_note" TEXT,
    "migrated_at" TIMESTAMPTZ(3),

    CONSTRAINT "project_access_methods_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "inventory_scans_status_started_at_idx" ON "inventory_scans"("status", "started_at");

-- CreateIndex
CREATE INDEX "project_access_methods_project_path_idx" ON "project_access_methods"("project_path");

-- CreateIndex
CREATE INDEX "project_access_methods_scan_id_method_idx" ON "project_access_methods"("scan_id", "method");

-- CreateIndex
CREATE UNIQUE INDEX "project_access_methods_scan_id_project_path_key" ON "project_access_methods"("scan_id", "project_path");

-- AddForeignKey
ALTER TABLE "project_access_methods" ADD CONSTRAINT "project_access_methods_scan_id_fkey" FOREIGN KEY ("scan_id") REFERENCES "inventory_scans"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- trustmap: the access key id column can only ever hold an access key id (AKIA… / ASIA…), so
-- no code path can store a secret access key (or any other variable value) there.
ALTER TABLE "project_access_methods" ADD CONSTRAINT "project_access_methods_access_key_id_format" CHECK ("access_key_id" IS NULL OR "access_key_id" ~ '^(AKIA|ASIA)[A-Z0-9]{16}$');
ALTER TABLE "project_access_methods" ADD CONSTRAINT "project_access_methods_path_not_blank" CHECK (length(btrim("project_path")) > 0);
