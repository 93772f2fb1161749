/**
 * Every job trustmap runs on its queue (pg-boss, in the same PostgreSQL), with its retry policy.
 * Pure data: the queue (lib/jobs/queue.ts) and the runner (lib/jobs/runner.ts) read it; domains
 * define what a job does (their `jobs.ts`), scripts/start.ts puts the two together.
 *
 * One catalog so every seam meets in one place: a notification is enqueued in the transaction of
 * the change it reports and delivered by `notify-deliver` with retries; reviews, drift checks,
 * GitLab facts refreshes and usage ingestion enqueue notifications the same way.
 */

export interface JobPolicy {
  /** Attempts after the first. */
  retryLimit: number;
  /** Seconds before the first retry. */
  retryDelay: number;
  /** Double the delay after each failure (pg-boss adds no jitter; delays are coarse anyway). */
  retryBackoff: boolean;
  /** A run still active after this long counts as failed (and is retried). */
  expireInSeconds: number;
}

const ONCE: JobPolicy = { retryLimit: 0, retryDelay: 0, retryBackoff: false, expireInSeconds: 15 * 60 };

/** Job names are pg-boss queue names: letters, digits, `-` and `_`. */
export const JOBS = {
  /** Scheduled drift check (setting reconcile.driftIntervalMinutes). */
  "trustmap-drift-check": ONCE,
  /** Mark mappings whose expiry passed as expired; announce those expiring within 7 days. */
  "mappings-expire": { ...ONCE, retryLimit: 2, retryDelay: 30 },
  /** Write the audit chain's latest link outside the database. */
  "audit-checkpoint": { retryLimit: 5, retryDelay: 60, retryBackoff: true, expireInSeconds: 5 * 60 },
  /** Plan the next GitLab facts refresh: one job per project, spread over the interval. */
  "gitlab-facts-refresh": ONCE,
  /** Read one project's protected branches, tags and members. */
  "gitlab-facts-project": { retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 5 * 60 },
  /** Ingest CloudTrail usage evidence (S3 trail files, LookupEvents). */
  "usage-ingest": { ...ONCE, expireInSeconds: 60 * 60 },
  /** Deliver one notification over one channel; at least once, with backoff. */
  "notify-deliver": { retryLimit: 8, retryDelay: 15, retryBackoff: true, expireInSeconds: 2 * 60 },
  /** Remind approvers of review items due soon or overdue. */
  "reviews-remind": { ...ONCE, retryLimit: 2, retryDelay: 60 },
} as const satisfies Record<string, JobPolicy>;

export type JobName = keyof typeof JOBS;

export const JOB_NAMES = Object.keys(JOBS) as JobName[];

/** Cron for "every N minutes" (N ≤ 60 divides the hour; longer intervals run every N/60 hours). */
export function cronEvery(minutes: number): string {
  if (minutes < 60) return `*/${minutes} * * * *`;
  const hours = Math.max(1, Math.round(minutes / 60));
  return hours >= 24 ? "0 0 * * *" : `0 */${hours} * * *`;
}
