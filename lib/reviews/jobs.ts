/**
 * Access reviews on the job queue: `reviews-remind` runs daily and, for every open review due
 * within three days or overdue, computes the reminder for the holders of its undecided items
 * (once each per review). scripts/start.ts registers it with the other jobs.
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
      context.log(`[trustmap] review "${n.review.title}": ${n.event} to ${n.recipients.map((r) => `${r.username} (${r.items})`).join(", ") || "nobody (no approver holds its items)"}`);
    }
  },
  async schedule() {
    return REVIEWS_REMIND_CRON;
  },
};
