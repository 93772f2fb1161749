-- AlterTable
ALTER TABLE "mappings" ADD COLUMN     "protected_refs_only" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "reconcile_operations_kind_status_target_idx" ON "reconcile_operations"("kind", "status", "target");
