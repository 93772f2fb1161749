/**
 * An embedded database made before trustmap had separate roles: its superuser ran the migrations
 * and pg-boss, owns every object, and its cluster.json knows only the superuser's password. On the
 * next start the embedded server creates the owner and app roles and hands the superuser's objects
 * to the owner, so the new migration applies as the owner and the app runs with least privilege,
 * the old unkeyed audit events still verifying.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import PgBoss from "pg-boss";
import { afterAll, describe, expect, it, vi } from "vitest";
import { GENESIS_HASH, hashAuditEvent } from "@/lib/audit/chain";
import { recordAuditEvent, verifyAuditTrail } from "@/lib/audit/service";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyPendingMigrations, MIGRATIONS_DIR } from "@/lib/db/migrate";
import { prepareDatabase } from "@/lib/db/prepare";
import { auditTableExposure } from "@/lib/db/privileges";
import { createPrismaClient } from "@/lib/db/prisma";
import { APP_ROLE, OWNER_ROLE } from "@/lib/db/roles";

const dirs: string[] = [];
afterAll(async () => {
  vi.unstubAllEnvs();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function sql<T extends pg.QueryResultRow = pg.QueryResultRow>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text, params)).rows;
  } finally {
    await c.end();
  }
}

describe("an embedded database from before the owner and app roles", () => {
  it("is handed to the owner on start, migrates as the owner, and the app role works on it with only its grants", async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "trustmap-legacy-"));
    dirs.push(dataDir);
    const migrations = await mkdtemp(path.join(os.tmpdir(), "trustmap-legacy-migrations-"));
    dirs.push(migrations);
    // The migrations as they were before the keyed chain.
    await cp(MIGRATIONS_DIR, migrations, { recursive: true, filter: (src) => !src.includes("audit_keyed_chain") });

    // The old life: everything done as the superuser.
    let server = await startEmbeddedPostgres({ dataDir });
    try {
      const su = server.superuserUrl;
      await sql(su, `alter database trustmap owner to postgres`);
      await applyPendingMigrations(su, migrations);
      const boss = new PgBoss({ connectionString: su, supervise: false, schedule: false });
      boss.on("error", () => {});
      await boss.start();
      await boss.createQueue("legacy-queue");
      await boss.stop({ graceful: false });
      let prev = GENESIS_HASH;
      for (let i = 0; i < 2; i++) {
        const e = { at: new Date(Date.UTC(2026, 10, 1, 0, 0, i)), actorId: null, actorLabel: "system", action: "demo.seeded", resourceType: null, resourceId: null, data: { i } };
        const hash = hashAuditEvent(prev, e);
        await sql(su, "insert into audit_events (at, actor_label, action, data, prev_hash, hash) values ($1, 'system', 'demo.seeded', $2, $3, $4)", [e.at, JSON.stringify(e.data), prev, hash]);
        prev = hash;
      }
      expect(await sql(su, "select pg_get_userbyid(relowner) as owner from pg_class where oid = 'audit_events'::regclass")).toEqual([{ owner: "postgres" }]);
    } finally {
      await server.stop();
    }
    // A cluster.json written before the roles existed.
    const info = JSON.parse(await readFile(path.join(dataDir, "cluster.json"), "utf8")) as { password: string };
    await writeFile(path.join(dataDir, "cluster.json"), JSON.stringify({ password: info.password }));

    server = await startEmbeddedPostgres({ dataDir });
    try {
      const owned = await sql<{ owner: string; n: string }>(
        server.superuserUrl,
        `select pg_get_userbyid(c.relowner) as owner, count(*)::text as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname in ('public', 'pgboss') and c.relkind in ('r', 'p', 'S') group by 1`,
      );
      expect(owned.map((o) => o.owner)).toEqual([OWNER_ROLE]);
      expect(await sql(server.superuserUrl, "select pg_get_userbyid(datdba) as owner from pg_database where datname = 'trustmap'")).toEqual([{ owner: OWNER_ROLE }]);

      const { applied } = await prepareDatabase({ migrationUrl: server.ownerUrl, appUrl: server.appUrl });
      expect(applied).toEqual([expect.stringMatching(/_audit_keyed_chain$/)]);
      expect(await auditTableExposure(server.appUrl)).toEqual({ role: APP_ROLE, reasons: [] });

      vi.stubEnv("DATABASE_URL", server.appUrl);
      vi.stubEnv("AUDIT_KEY", "embedded-roles-test-key-0123456789ab");
      vi.stubEnv("TRUSTMAP_DATA_DIR", dataDir);
      vi.stubEnv("TRUSTMAP_AUDIT_S3", "");
      const db = createPrismaClient(server.appUrl);
      (globalThis as { trustmapDb?: unknown }).trustmapDb = db;
      try {
        await recordAuditEvent(db, { actorId: null, actorLabel: "system", action: "settings.changed" });
        expect((await db.auditEvent.findMany({ orderBy: { id: "asc" } })).map((e) => e.hashAlg)).toEqual(["sha256", "sha256", "hmac-sha256"]);
        expect(await verifyAuditTrail({ db })).toMatchObject({ ok: true, checked: 3 });
        await expect(db.$executeRawUnsafe("delete from audit_events")).rejects.toThrow(/permission denied/);
      } finally {
        await db.$disconnect();
        (globalThis as { trustmapDb?: unknown }).trustmapDb = undefined;
      }
      const boss = new PgBoss({ connectionString: server.appUrl, migrate: false, supervise: false, schedule: false });
      boss.on("error", () => {});
      await boss.start();
      try {
        expect(await boss.send("legacy-queue", { still: "works" })).toEqual(expect.any(String));
      } finally {
        await boss.stop({ graceful: false });
      }
    } finally {
      await server.stop();
    }
  }, 120_000);
});
