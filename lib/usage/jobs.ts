/**
 * Usage on the job queue: `usage-ingest` reads the trail buckets and LookupEvents on a schedule
 * (setting usage.ingestIntervalMinutes, default hourly, 0 = off); the SQS queue is drained
 * continuously by a long-polling consumer beside the job runner. scripts/jobs.ts starts both (for npm start and the e2e stage).
 */
import "server-only";
import { cronEvery } from "@/lib/jobs/catalog";
import type { JobDefinition } from "@/lib/jobs/runner";
import { config } from "@/lib/config";
import { ingestUsage, startUsageQueueConsumer, usageIngestIntervalMinutes } from "./service";

export const usageIngestJob: JobDefinition = {
  name: "usage-ingest",
  async run(_data, context) {
    const runs = await ingestUsage("schedule");
    for (const run of runs) context.log(`[trustmap] usage ${run.source}: ${run.status}, ${run.counts.inserted} new event(s), ${run.problems.length} problem(s) (run ${run.runId})`);
    const failed = runs.filter((r) => r.status === "failed");
    // Partial runs are recorded as such; a source that read nothing at all fails the job.
    if (failed.length > 0) throw new Error(`usage ingestion read nothing from ${failed.map((r) => r.source).join(", ")}; see the usage runs`);
  },
  async schedule() {
    const minutes = await usageIngestIntervalMinutes();
    return minutes === 0 ? null : cronEvery(minutes);
  },
};

/** The queue consumer when TRUSTMAP_USAGE_SQS_URL is set; null otherwise. */
export function startUsageStreaming(log: (line: string) => void): { stop(): Promise<void> } | null {
  if (!config().usage.sqsUrl) return null;
  return startUsageQueueConsumer({ log });
}
