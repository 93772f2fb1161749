import PgBoss from "pg-boss";
import { describe, expect, it } from "vitest";
import { startJobRunner } from "@/lib/jobs/runner";
import { driftCheckJob } from "@/lib/reconcile/jobs";
import { setupReconcile } from "./harness";

const h = setupReconcile();

describe("scheduled drift checks (pg-boss in the same PostgreSQL)", () => {
  it("schedules the check every N minutes from the setting, and a queued job records a drift run", async () => {
    Object.assign(process.env, h.childEnv());
    const role = await h.addRole("scheduled");
    await h.approveMapping(role.id);
    await h.db.setting.create({ data: { key: "reconcile.driftIntervalMinutes", value: 15 } });

    const runner = await startJobRunner({ databaseUrl: h.url, definitions: [driftCheckJob], log: () => {}, pollingIntervalSeconds: 0.5 });
    const boss = new PgBoss({ connectionString: h.url, migrate: false, supervise: false, schedule: false });
    try {
      expect(runner.schedules).toEqual({ "trustmap-drift-check": "*/15 * * * *" });
      await boss.start();
      const schedules = await boss.getSchedules();
      expect(schedules.find((s) => s.name === "trustmap-drift-check")?.cron).toBe("*/15 * * * *");

      await boss.send("trustmap-drift-check", {});
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
      await runner.stop();
    }
  }, 60_000);

  it("is not scheduled when no GitLab is connected (no API token, and not demo mode's sandbox)", async () => {
    const saved = process.env.GITLAB_TOKEN;
    const demo = process.env.TRUSTMAP_DEMO;
    delete process.env.GITLAB_TOKEN;
    process.env.TRUSTMAP_DEMO = "0";
    try {
      const runner = await startJobRunner({ databaseUrl: h.url, definitions: [driftCheckJob], log: () => {} });
      await runner.stop();
      expect(runner.schedules).toEqual({ "trustmap-drift-check": null });
    } finally {
      if (saved !== undefined) process.env.GITLAB_TOKEN = saved;
      if (demo === undefined) delete process.env.TRUSTMAP_DEMO;
      else process.env.TRUSTMAP_DEMO = demo;
    }
  });
});
