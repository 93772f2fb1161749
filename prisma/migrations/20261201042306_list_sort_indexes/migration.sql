-- DropIndex
DROP INDEX "audit_events_action_idx";

-- CreateIndex
CREATE INDEX "mappings_created_at_id_idx" ON "mappings"("created_at", "id");

-- CreateIndex
CREATE INDEX "mappings_expires_at_id_idx" ON "mappings"("expires_at", "id");

-- CreateIndex
CREATE INDEX "audit_events_actor_label_id_idx" ON "audit_events"("actor_label", "id");

-- CreateIndex
CREATE INDEX "audit_events_action_id_idx" ON "audit_events"("action", "id");
