/**
 * GET /api/health's checks against the real dependencies (lib/health/checks.ts says what each
 * one means). Each runs with a deadline; results are shared for a second, so a flood of
 * unauthenticated probes costs the database at most three small queries a second per instance.
 */
import "server-only";
import { getDb } from "@/lib/db/client";
import { appliedMigrations, shippedMigrations } from "@/lib/db/migration-status";
import { JOB_QUEUE_SCHEMA } from "@/lib/db/privileges";
import { JOB_NAMES } from "@/lib/jobs/catalog";
import { CHECK_TIMEOUT_MS, healthReport, jobQueueRunning, missingMigrations, type HealthReport } from "./checks";

const REUSE_MS = 1_000;
let last: { at: number; report: Promise<HealthReport> } | null = null;

/** True when `probe` resolves to true within the deadline; false when it says false, throws or is late. */
async function within(probe: () => Promise<boolean>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([probe().catch(() => false), late]);
  } finally {
    clearTimeout(timer);
  }
}

async function runChecks(): Promise<HealthReport> {
  const db = getDb();
  const [database, migrations, jobQueue] = await Promise.all([
    within(async () => (await db.$queryRaw<{ ok: number }[]>`select 1 as ok`).length === 1),
    within(async () => missingMigrations(shippedMigrations(), await appliedMigrations(db)).length === 0),
    within(async () => {
      const rows = await db.$queryRawUnsafe<{ runner_age: number | null; queues: number }[]>(
        `select extract(epoch from now() - v.cron_on)::float8 as runner_age,
                (select count(*)::int from ${JOB_QUEUE_SCHEMA}.queue q where q.name = any($1::text[])) as queues
           from ${JOB_QUEUE_SCHEMA}.version v`,
        [...JOB_NAMES],
      );
      const row = rows[0];
      return row !== undefined && jobQueueRunning({ runnerAgeSeconds: row.runner_age, queuesInstalled: row.queues }, JOB_NAMES.length);
    }),
  ]);
  return healthReport({ database, migrations, jobQueue });
}

export function checkHealth(now = Date.now()): Promise<HealthReport> {
  if (last === null || now - last.at > REUSE_MS) last = { at: now, report: runChecks() };
  return last.report;
}
