import PgBoss from "pg-boss";
import { describe, expect, it } from "vitest";
import { DRIFT_QUEUE, startDriftSchedule } from "@/lib/reconcile/schedule";
import { setupReconcile } from "./harness";

const h = setupReconcile();

describe("scheduled drift checks (pg-boss in the same PostgreSQL)", () => {
  it("schedules the check every N minutes from the setting, and a queued job records a drift run", async () => {
    Object.assign(process.env, h.childEnv());
    const role = await h.addRole("scheduled");
    await h.approveMapping(role.id);
    await h.db.setting.create({ data: { key: "reconcile.driftIntervalMinutes", value: 15 } });

    const schedule = await startDriftSchedule(h.url, () => {});
    const boss = new PgBoss({ connectionString: h.url });
    try {
      expect(schedule.intervalMinutes).toBe(15);
      await boss.start();
      const schedules = await boss.getSchedules();
      expect(schedules.find((s) => s.name === DRIFT_QUEUE)?.cron).toBe("*/15 * * * *");

      await boss.send(DRIFT_QUEUE, {});
      const deadline = Date.now() + 30_000;
      let run = null;
      while (!run && Date.now() < deadline) {
        run = await h.db.reconcileRun.findFirst({ where: { kind: "drift", trigger: "schedule" } });
        if (!run) await new Promise((r) => setTimeout(r, 250));
      }
      expect(run).not.toBeNull();
      // The approved mapping is not applied yet: the check finds changes, and nothing was written.
      expect(await h.db.reconcileOperation.count({ where: { status: "done" } })).toBe(0);
    } finally {
      await boss.stop({ graceful: false });
      await schedule.stop();
    }
  }, 60_000);
});
