/**
 * The GitLab facts jobs, for scripts/start.ts to register with the job runner:
 * - `gitlab-facts-refresh` (scheduled every `gitlabFacts.refreshIntervalMinutes`, default 240,
 *   when GitLab is connected): plans a refresh, queuing one project job per project;
 * - `gitlab-facts-project`: reads one project. A transient failure (429 after the transport's
 *   retries, 5xx, network) throws so the queue retries it with the catalog's backoff; a lasting one
 *   (404, 403, bad token) is stored as the project's reason and not retried.
 */
import "server-only";
import { gitlabSource } from "@/lib/gitlab/connection";
import { cronEvery } from "@/lib/jobs/catalog";
import type { JobDefinition } from "@/lib/jobs/runner";
import { ZFactsProjectJob } from "@/lib/schemas/gitlab-facts";
import { planFactsRefresh, readSettings, refreshProjectFacts } from "./service";

export const gitlabFactsRefreshJob: JobDefinition = {
  name: "gitlab-facts-refresh",
  async run(_data, ctx) {
    const plan = await planFactsRefresh();
    if (plan.skipped) return ctx.log(`[trustmap] GitLab facts refresh skipped: ${plan.skipped}`);
    const failed = plan.failedGroups.map((g) => `${g.path} (${g.error})`).join(", ");
    ctx.log(
      `[trustmap] GitLab facts refresh: ${plan.queued} projects queued over ${Math.round(plan.spanMs / 60_000)} min, ${plan.alreadyQueued} still queued` +
        `${plan.overrun ? " (GitLab's limits stretch it beyond the interval)" : ""}${failed ? `; groups not listed: ${failed}` : ""}`,
    );
  },
  async schedule() {
    if (gitlabSource() === null) return null;
    const { refreshIntervalMinutes } = await readSettings();
    return refreshIntervalMinutes === 0 ? null : cronEvery(refreshIntervalMinutes);
  },
};

export const gitlabFactsProjectJob: JobDefinition = {
  name: "gitlab-facts-project",
  // Two at a time per instance: the plan spaces the jobs; this only absorbs slow answers.
  concurrency: 2,
  async run(data, ctx) {
    const job = ZFactsProjectJob.parse(data);
    const result = await refreshProjectFacts(job);
    if (result.ok) {
      if (result.drift.length > 0) ctx.log(`[trustmap] GitLab facts of ${result.facts.path}: ${result.drift.length} change(s) since the last read`);
      return;
    }
    if (result.transient) throw new Error(`GitLab facts of ${job.path}: ${result.error}`);
    ctx.log(`[trustmap] GitLab facts of ${job.path}: ${result.error}`);
  },
};

export const gitlabFactsJobs: readonly JobDefinition[] = [gitlabFactsRefreshJob, gitlabFactsProjectJob];
