/**
 * The audit trail's scheduled work: write a checkpoint (the chain's latest link) outside the
 * database every hour, so a history rewritten or cut short inside PostgreSQL is caught by the
 * next "Verify chain" even before anyone asks for a checkpoint by hand.
 */
import "server-only";
import type { JobDefinition } from "@/lib/jobs/runner";
import { writeAuditCheckpoint } from "./service";

export const auditCheckpointJob: JobDefinition = {
  name: "audit-checkpoint",
  schedule: async () => "17 * * * *",
  async run(_data, ctx) {
    const written = await writeAuditCheckpoint();
    ctx.log(written ? `[trustmap] audit checkpoint at event ${written.checkpoint.id} (${written.checkpoint.count} events) → ${written.location}` : "[trustmap] audit checkpoint: the log is empty");
  },
};
