/**
 * Access reviews on the job queue: `reviews-remind` runs daily and, for every open review due
 * within three days or overdue, notifies the holders of its undecided items (lib/notify), once
 * each per review. Registered in scripts/jobs.ts JOB_DEFINITIONS with every other job.
 */
import "server-only";
import type { JobDefinition } from "@/lib/jobs/runner";
import { remindReviewers } from "./service";

/** Daily, in the morning UTC. */
export const REVIEWS_REMIND_CRON = "0 7 * * *";

export const reviewsRemindJob: JobDefinition = {
  name: "reviews-remind",
  async run(_data, context) {
    const notices = await remindReviewers();
    for (const n of notices) {
      context.log(`[trustmap] review "${n.data.title}": ${n.kind}, ${n.data.holders.length} holder(s) of undecided items notified`);
    }
  },
  async schedule() {
    return REVIEWS_REMIND_CRON;
  },
};
