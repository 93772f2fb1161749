/**
 * Scheduled drift checks on pg-boss 10 (a job queue in the same PostgreSQL): every N minutes
 * (setting `reconcile.driftIntervalMinutes`, default 60, 0 = off). pg-boss's cron schedule is
 * shared by every instance and each job runs once, so adding app instances adds no duplicate
 * checks. Each check is recorded as a drift run (trigger "schedule"), audited when it finds drift.
 */
import "server-only";
import PgBoss from "pg-boss";
import { driftVerdict } from "./drift";
import { reconcilerFor } from "./service";

export const DRIFT_QUEUE = "trustmap-drift-check";

export interface DriftSchedule {
  /** The interval in effect (minutes; 0 = not scheduled). */
  intervalMinutes: number;
  stop(): Promise<void>;
}

/** Cron for "every N minutes" (N ≤ 60 divides the hour; longer intervals run every N/60 hours). */
export function cronEvery(minutes: number): string {
  if (minutes < 60) return `*/${minutes} * * * *`;
  const hours = Math.max(1, Math.round(minutes / 60));
  return hours >= 24 ? "0 0 * * *" : `0 */${hours} * * *`;
}

export async function startDriftSchedule(databaseUrl: string, log: (line: string) => void = (l) => console.log(l)): Promise<DriftSchedule> {
  const reconciler = reconcilerFor(databaseUrl);
  const { driftIntervalMinutes } = await reconciler.readSettings();
  const boss = new PgBoss({ connectionString: databaseUrl, application_name: "trustmap-drift-schedule" });
  boss.on("error", (e) => log(`[trustmap] drift schedule error: ${e.message}`));
  await boss.start();
  await boss.createQueue(DRIFT_QUEUE);
  if (driftIntervalMinutes === 0) await boss.unschedule(DRIFT_QUEUE);
  else await boss.schedule(DRIFT_QUEUE, cronEvery(driftIntervalMinutes), {}, { tz: "UTC" });
  await boss.work(DRIFT_QUEUE, async () => {
    const { report, runId } = await reconciler.checkDrift({ id: null, label: "schedule" }, "schedule");
    log(`[trustmap] scheduled drift check ${runId}: ${driftVerdict(report)}`);
  });
  return {
    intervalMinutes: driftIntervalMinutes,
    async stop() {
      await boss.stop({ graceful: true });
      await reconciler.close();
    },
  };
}
