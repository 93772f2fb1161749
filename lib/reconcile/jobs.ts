/**
 * The reconciler's scheduled work on the job queue: a drift check every N minutes (setting
 * `reconcile.driftIntervalMinutes`, default 60, 0 = off). pg-boss's cron schedule is shared by
 * every instance and each job runs once, so adding app instances adds no duplicate checks. Each
 * check is recorded as a drift run (trigger "schedule"), audited when it finds drift.
 */
import "server-only";
import { cronEvery } from "@/lib/jobs/catalog";
import type { JobDefinition } from "@/lib/jobs/runner";
import { gitlabSource } from "@/lib/gitlab/connection";
import { driftVerdict } from "./drift";
import { checkDrift, readReconcileSettings } from "./service";

export const driftCheckJob: JobDefinition = {
  name: "trustmap-drift-check",
  async schedule() {
    // Without a GitLab (an API token's, or demo mode's sandbox) every check would fail: nothing to schedule.
    if (gitlabSource() === null) return null;
    const { driftIntervalMinutes } = await readReconcileSettings();
    return driftIntervalMinutes === 0 ? null : cronEvery(driftIntervalMinutes);
  },
  async run(_data, ctx) {
    const { report, runId } = await checkDrift({ id: null, label: "schedule" }, "schedule");
    ctx.log(`[trustmap] scheduled drift check ${runId}: ${driftVerdict(report)}`);
  },
};
