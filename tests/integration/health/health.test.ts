/**
 * GET /api/health against a real database and job queue: 200 only when the database answers,
 * every shipped migration is applied and a job runner has ticked recently; 503 naming the
 * failing check otherwise; never anything but ok/failing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { GET } from "@/app/api/health/route";
import type { Db } from "@/lib/db/prisma";
import { startJobRunner, type JobRunner } from "@/lib/jobs/runner";
import { shippedMigrations } from "@/lib/db/migration-status";
import { useFreshDatabase, type FreshDatabase } from "../../support/db";

let fresh: FreshDatabase;
let runner: JobRunner | null = null;

async function asSuperuser(sql: string, params: unknown[] = []): Promise<void> {
  const c = new pg.Client({ connectionString: fresh.urlAs("superuser") });
  await c.connect();
  try {
    await c.query(sql, params);
  } finally {
    await c.end();
  }
}

/** GET /api/health, past the one-second reuse of the previous answer. */
async function health(): Promise<{ status: number; body: Record<string, unknown> }> {
  await new Promise((r) => setTimeout(r, 1_100));
  const res = await GET();
  expect(res.headers.get("cache-control")).toBe("no-store");
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  fresh = await useFreshDatabase();
});
afterAll(async () => {
  await runner?.stop();
  await fresh.db.$disconnect();
});

describe("GET /api/health", () => {
  it("is 503 with only the job queue failing while no job runner has ever run", async () => {
    expect(await health()).toEqual({ status: 503, body: { status: "failing", checks: { database: "ok", migrations: "ok", jobQueue: "failing" } } });
  });

  it("is 200 with every check ok once a job runner runs, and says nothing else", async () => {
    runner = await startJobRunner({ databaseUrl: fresh.url, definitions: [], log: () => {} });
    const res = await health();
    expect(res).toEqual({ status: 200, body: { status: "ok", checks: { database: "ok", migrations: "ok", jobQueue: "ok" } } });
  });

  it("fails the job queue when the runner's last tick is older than three of its intervals", async () => {
    await runner?.stop();
    runner = null;
    await asSuperuser("update pgboss.version set cron_on = now() - interval '5 minutes'");
    expect(await health()).toMatchObject({ status: 503, body: { checks: { database: "ok", migrations: "ok", jobQueue: "failing" } } });
    await asSuperuser("update pgboss.version set cron_on = now()");
    expect((await health()).status).toBe(200);
  });

  it("fails migrations when a migration the code ships with is not applied", async () => {
    const newest = shippedMigrations().at(-1)!;
    await asSuperuser("update _prisma_migrations set rolled_back_at = now() where migration_name = $1", [newest]);
    try {
      expect(await health()).toMatchObject({ status: 503, body: { checks: { database: "ok", migrations: "failing" } } });
    } finally {
      await asSuperuser("update _prisma_migrations set rolled_back_at = null where migration_name = $1", [newest]);
    }
  });

  it("fails everything, within its deadline, when the database cannot be reached", async () => {
    const g = globalThis as { trustmapDb?: Db };
    const saved = { url: process.env.DATABASE_URL, db: g.trustmapDb };
    process.env.DATABASE_URL = "postgresql://trustmap_app:pw@127.0.0.1:1/trustmap";
    g.trustmapDb = undefined;
    try {
      const started = Date.now();
      expect(await health()).toEqual({ status: 503, body: { status: "failing", checks: { database: "failing", migrations: "failing", jobQueue: "failing" } } });
      expect(Date.now() - started).toBeLessThan(1_100 + 3_000);
    } finally {
      await (g.trustmapDb as Db | undefined)?.$disconnect().catch(() => {});
      process.env.DATABASE_URL = saved.url;
      g.trustmapDb = saved.db;
    }
  });
});
