/**
 * The job runner `npm start` runs beside the web server, with every job trustmap defines. One list,
 * so the e2e stage (scripts/job-runner.ts) runs exactly what production runs.
 */
import { startJobRunner, type JobDefinition, type JobRunner } from "../lib/jobs/runner";
import { auditCheckpointJob } from "../lib/audit/jobs";
import { mappingsExpireJob } from "../lib/approvals/jobs";
import { notifyDeliverJob } from "../lib/notify/jobs";
import { driftCheckJob } from "../lib/reconcile/jobs";
import { gitlabFactsJobs } from "../lib/gitlab-facts/jobs";
import { startUsageStreaming, usageIngestJob } from "../lib/usage/jobs";
import { reviewsRemindJob } from "../lib/reviews/jobs";
import { logger } from "../lib/log";

export const JOB_DEFINITIONS: readonly JobDefinition[] = [driftCheckJob, auditCheckpointJob, mappingsExpireJob, notifyDeliverJob, ...gitlabFactsJobs, usageIngestJob, reviewsRemindJob];

/**
 * Start the runner as the app role (the queue and its tables were installed by the owner). Its
 * own lines are JSON (lib/log.ts); `startupLog` gets the one line saying what is scheduled.
 */
export async function startTrustmapJobs(databaseUrl: string, startupLog: (line: string) => void): Promise<JobRunner> {
  const runner = await startJobRunner({ databaseUrl, definitions: JOB_DEFINITIONS });
  const drift = runner.schedules["trustmap-drift-check"];
  startupLog(drift ? `drift checks on schedule (${drift}, UTC)` : "scheduled drift checks are off (no GitLab: no API token and not demo mode; or the setting is 0)");
  const usage = runner.schedules["usage-ingest"];
  startupLog(usage ? `usage evidence read on schedule (${usage}, UTC; trail buckets and LookupEvents of real AWS accounts only)` : "scheduled usage ingestion is off (setting usage.ingestIntervalMinutes is 0)");
  // The SQS consumer long-polls beside the runner, only when a queue is configured; it stops with it.
  const usageStream = startUsageStreaming((line) => logger().info(line));
  if (usageStream) startupLog("usage queue consumer started (TRUSTMAP_USAGE_SQS_URL)");
  if (!usageStream) return runner;
  return {
    schedules: runner.schedules,
    async stop() {
      await usageStream.stop().catch(() => {});
      await runner.stop();
    },
  };
}
