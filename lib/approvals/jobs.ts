/**
 * The approval workflow's scheduled work: every 5 minutes, expire the mappings whose expiry
 * passed (the same idempotent expireDueMappings the Approvals and Mappings pages run on load) and
 * announce, once each, the approved mappings that expire within 7 days. pg-boss's cron schedule
 * is shared by every instance and each run happens once; both steps skip rows another run holds.
 */
import "server-only";
import type { JobDefinition } from "@/lib/jobs/runner";
import { announceExpiringMappings, expireDueMappings } from "./service";

export const mappingsExpireJob: JobDefinition = {
  name: "mappings-expire",
  schedule: async () => "*/5 * * * *",
  async run(_data, ctx) {
    const now = new Date();
    const { expired } = await expireDueMappings(now);
    const { announced } = await announceExpiringMappings(now);
    if (expired.length + announced.length > 0) ctx.log(`[trustmap] mappings: ${expired.length} expired, ${announced.length} announced as expiring within 7 days`);
  },
};
