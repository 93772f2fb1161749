/**
 * GET /api/health's verdicts, pure. A load balancer needs one bit per instance (200 or 503); an
 * operator needs to know which dependency failed; an anonymous caller must learn nothing more
 * (no versions, names, counts or messages). So each check is "ok" or "failing", nothing else.
 *
 * What each check means:
 * - database: a query through the app's own connection pool answers.
 * - migrations: every migration this code ships with is applied (a database ahead of the code,
 *   during a rolling deploy, is fine; one behind is not).
 * - jobQueue: the queue's schema is installed with every queue of the catalog, and a job runner
 *   (npm start runs one per instance) has ticked recently: pg-boss' timekeeper stamps
 *   `pgboss.version.cron_on` every 30 seconds while a runner lives, so a stamp older than
 *   RUNNER_STALE_AFTER_SECONDS means no runner anywhere is running scheduled work. This is the
 *   fleet's runner, not necessarily this instance's (any runner runs every job once).
 * Any check failing, or not answering within CHECK_TIMEOUT_MS, makes the whole answer 503.
 */

export const CHECK_NAMES = ["database", "migrations", "jobQueue"] as const;
export type CheckName = (typeof CHECK_NAMES)[number];
export type CheckState = "ok" | "failing";

export interface HealthReport {
  status: CheckState;
  checks: Record<CheckName, CheckState>;
}

/** Three missed 30-second ticks of pg-boss' timekeeper, and a little. */
export const RUNNER_STALE_AFTER_SECONDS = 100;
export const CHECK_TIMEOUT_MS = 2_000;

/** The shipped migrations the database has not applied. */
export function missingMigrations(shipped: readonly string[], applied: readonly string[]): string[] {
  const done = new Set(applied);
  return shipped.filter((name) => !done.has(name));
}

export interface JobQueueState {
  /** Seconds since a runner's timekeeper last stamped the queue (null: never). */
  runnerAgeSeconds: number | null;
  /** How many of the catalog's queues exist. */
  queuesInstalled: number;
}

export function jobQueueRunning(state: JobQueueState, catalogSize: number): boolean {
  return state.queuesInstalled === catalogSize && state.runnerAgeSeconds !== null && state.runnerAgeSeconds <= RUNNER_STALE_AFTER_SECONDS;
}

export function healthReport(checks: Record<CheckName, boolean>): HealthReport {
  const states = Object.fromEntries(CHECK_NAMES.map((name) => [name, checks[name] ? "ok" : "failing"])) as Record<CheckName, CheckState>;
  return { status: CHECK_NAMES.every((name) => checks[name]) ? "ok" : "failing", checks: states };
}
