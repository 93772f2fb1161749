import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db/prisma";
import { enqueueInTx, stopJobSender } from "@/lib/jobs/queue";
import { startJobRunner, type JobRunner } from "@/lib/jobs/runner";
import { useFreshDatabase } from "../../support/db";
import { until } from "../../support/until";

let db: Db;
let url: string;
beforeAll(async () => {
  // The template database was prepared like npm start prepares one: every catalog queue exists.
  ({ db, url } = await useFreshDatabase());
});
afterAll(async () => {
  await stopJobSender();
  await db.$disconnect();
});

async function jobs(name: string) {
  return db.$queryRawUnsafe<{ id: string; data: unknown; state: string; retry_count: number }[]>("select id, data, state, retry_count from pgboss.job where name = $1 order by created_on", name);
}

describe("the job queue", () => {
  it("keeps a job enqueued in a transaction only when the transaction commits", async () => {
    await db
      .$transaction(async (tx) => {
        await enqueueInTx(tx, "notify-deliver", { n: "rolled back" });
        throw new Error("the change failed");
      })
      .catch(() => {});
    const id = await db.$transaction((tx) => enqueueInTx(tx, "notify-deliver", { n: "committed" }));
    const rows = await jobs("notify-deliver");
    expect(rows.map((r) => r.data)).toEqual([{ n: "committed" }]);
    expect(rows[0]?.id).toBe(id);
  });

  it("enqueues through the caller's transaction alone: the sender needs no DATABASE_URL, connection or start-up of its own", async () => {
    await stopJobSender();
    vi.stubEnv("DATABASE_URL", "");
    try {
      const id = await db.$transaction((tx) => enqueueInTx(tx, "notify-deliver", { n: "no connection" }));
      expect((await jobs("notify-deliver")).find((j) => j.id === id)?.data).toEqual({ n: "no connection" });
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("refuses a job for a queue that was never installed, inside the caller's transaction", async () => {
    await expect(db.$transaction((tx) => enqueueInTx(tx, "no-such-queue" as "notify-deliver", {}))).rejects.toThrow();
  });

  it("runs each job once, retrying a failing handler with the job's policy until it succeeds", async () => {
    const seen: { data: unknown; retry: number }[] = [];
    let runner: JobRunner | undefined;
    try {
      runner = await startJobRunner({
        databaseUrl: url,
        pollingIntervalSeconds: 0.5,
        log: () => {},
        definitions: [
          {
            name: "audit-checkpoint",
            async run(data, ctx) {
              seen.push({ data, retry: ctx.retryCount });
              if (ctx.retryCount < 2) throw new Error("upstream is down");
            },
          },
        ],
      });
      await db.$transaction((tx) => enqueueInTx(tx, "audit-checkpoint", { n: 1 }, { retryDelay: 1 }));
      const rows = await until(() => jobs("audit-checkpoint"), (r) => r[0]?.state === "completed", 30_000);
      expect(rows[0]?.state).toBe("completed");
      expect(seen).toEqual([
        { data: { n: 1 }, retry: 0 },
        { data: { n: 1 }, retry: 1 },
        { data: { n: 1 }, retry: 2 },
      ]);
    } finally {
      await runner?.stop();
    }
  });

  it("schedules a job from its definition, and unschedules it when the schedule is off", async () => {
    let runner = await startJobRunner({ databaseUrl: url, log: () => {}, definitions: [{ name: "trustmap-drift-check", run: async () => {}, schedule: async () => "*/5 * * * *" }] });
    expect(runner.schedules).toEqual({ "trustmap-drift-check": "*/5 * * * *" });
    await runner.stop();
    expect(await db.$queryRawUnsafe<{ cron: string }[]>("select cron from pgboss.schedule where name = 'trustmap-drift-check'")).toEqual([{ cron: "*/5 * * * *" }]);
    runner = await startJobRunner({ databaseUrl: url, log: () => {}, definitions: [{ name: "trustmap-drift-check", run: async () => {}, schedule: async () => null }] });
    await runner.stop();
    expect(await db.$queryRawUnsafe("select cron from pgboss.schedule where name = 'trustmap-drift-check'")).toEqual([]);
  });
});
