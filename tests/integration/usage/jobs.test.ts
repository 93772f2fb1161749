import { afterAll, describe, expect, it } from "vitest";
import { stopJobSender } from "@/lib/jobs/queue";
import { startJobRunner } from "@/lib/jobs/runner";
import { startUsageStreaming, usageIngestJob } from "@/lib/usage/jobs";
import { allowedCall } from "@/tests/support/cloudtrail-records";
import { setupUsage } from "./harness";

const h = setupUsage();
afterAll(async () => {
  await stopJobSender();
});

describe("usage ingestion on the job queue", () => {
  it("is scheduled hourly by default, every N minutes by setting, never at 0", async () => {
    expect(await usageIngestJob.schedule?.()).toBe("0 */1 * * *");
    await h.db.setting.create({ data: { key: "usage.ingestIntervalMinutes", value: 15 } });
    expect(await usageIngestJob.schedule?.()).toBe("*/15 * * * *");
    await h.db.setting.update({ where: { key: "usage.ingestIntervalMinutes" }, data: { value: 0 } });
    expect(await usageIngestJob.schedule?.()).toBeNull();
  });

  it("the runner's usage-ingest job reads the trail bucket as a scheduled run", async () => {
    const deploy = await h.addRole("deploy");
    const t = new Date(Math.floor((Date.now() - 3_600_000) / 60_000) * 60_000);
    await h.putLogFile({ deliveredAt: t, records: [allowedCall({ eventId: "j1", time: new Date(t.getTime() - 1000).toISOString(), roleArn: deploy.arn })] });
    const lines: string[] = [];
    const runner = await startJobRunner({ databaseUrl: h.url, definitions: [usageIngestJob], pollingIntervalSeconds: 0.5, log: (l) => lines.push(l) });
    try {
      const { default: PgBoss } = await import("pg-boss");
      const boss = new PgBoss({ connectionString: h.url, migrate: false, supervise: false, schedule: false });
      await boss.start();
      await boss.send("usage-ingest", {});
      await boss.stop({ graceful: false, wait: true });
      for (let i = 0; i < 100 && (await h.db.usageEvent.count()) === 0; i++) await new Promise((r) => setTimeout(r, 200));
    } finally {
      await runner.stop();
    }
    expect(await h.db.usageRun.findMany({ select: { source: true, trigger: true, status: true } })).toEqual([{ source: "s3", trigger: "schedule", status: "succeeded" }]);
    expect(lines.some((l) => l.includes("usage s3: succeeded, 1 new event(s)"))).toBe(true);
  }, 60_000);

  it("streaming starts only when TRUSTMAP_USAGE_SQS_URL is set", () => {
    expect(startUsageStreaming(() => {})).toBeNull();
  });
});
