import { cp, mkdtemp, mkdir, writeFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { applyPendingMigrations, MIGRATIONS_DIR, MigrationError } from "@/lib/db/migrate";
import { createEmptyDatabase } from "../../support/db";

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

const tmpDirs: string[] = [];
afterAll(async () => {
  for (const d of tmpDirs) await rm(d, { recursive: true, force: true });
});

/** A copy of the real migrations plus extra ones, so a test can add a failing migration. */
async function migrationsWith(extra: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "trustmap-migrations-"));
  tmpDirs.push(dir);
  await cp(MIGRATIONS_DIR, dir, { recursive: true });
  for (const [name, sql] of Object.entries(extra)) {
    await mkdir(path.join(dir, name), { recursive: true });
    await writeFile(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

describe("migration runner (Prisma's WASM schema engine)", () => {
  it("applies every migration to an empty database, then is a no-op the second time", async () => {
    const url = await createEmptyDatabase();
    const first = await applyPendingMigrations(url);
    expect(first.applied.length).toBeGreaterThan(0);
    const tables = await query<{ tablename: string }>(url, "select tablename from pg_tables where schemaname = 'public' order by 1");
    expect(tables.map((t) => t.tablename)).toEqual(
      expect.arrayContaining(["users", "api_tokens", "aws_accounts", "iam_roles", "mappings", "mapping_approvals", "reconcile_runs", "reconcile_operations", "audit_events", "settings", "_prisma_migrations"]),
    );
    const second = await applyPendingMigrations(url);
    expect(second.applied).toEqual([]);
    const rows = await query<{ n: string }>(url, "select count(*)::text as n from _prisma_migrations where finished_at is not null");
    expect(Number(rows[0]!.n)).toBe(first.applied.length);
  });

  it("records migrations exactly as prisma migrate deploy does (checksum of migration.sql)", async () => {
    const url = await createEmptyDatabase();
    await applyPendingMigrations(url);
    const rows = await query<{ migration_name: string; checksum: string }>(url, "select migration_name, checksum from _prisma_migrations");
    const { createHash } = await import("node:crypto");
    const { readFile } = await import("node:fs/promises");
    for (const r of rows) {
      const sql = await readFile(path.join(MIGRATIONS_DIR, r.migration_name, "migration.sql"));
      expect(r.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
    }
  });

  it("rolls a failing migration back completely, says which one in one line, and applies it once fixed", async () => {
    const url = await createEmptyDatabase();
    const broken = await migrationsWith({
      "29990101000000_broken": 'CREATE TABLE "half_done" (id int);\nCREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;\nSELECT * FROM "table_that_does_not_exist";\n',
    });
    const err = await applyPendingMigrations(url, broken).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as Error).message).toMatch(/migration 29990101000000_broken failed and was rolled back/);
    expect((err as Error).message).toMatch(/table_that_does_not_exist/);
    expect((err as Error).message).not.toContain("\n");
    // Nothing of the broken migration is left behind; the earlier ones are complete.
    expect(await query(url, "select to_regclass('half_done') as t")).toEqual([{ t: null }]);
    expect(await query(url, "select to_regclass('users') as t")).toEqual([{ t: "users" }]);

    const fixed = await migrationsWith({
      "29990101000000_broken": 'CREATE TABLE "half_done" (id int);\nCREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;\n',
    });
    const retry = await applyPendingMigrations(url, fixed);
    expect(retry.applied).toEqual(["29990101000000_broken"]);
    expect(await query(url, "select to_regclass('half_done') as t")).toEqual([{ t: "half_done" }]);
  });

  it("stops with one clear line when the database cannot be reached", async () => {
    const err = await applyPendingMigrations("postgresql://nobody:pw@127.0.0.1:1/nothing").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as Error).message).toMatch(/cannot reach PostgreSQL at postgresql:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/nothing: connection refused/);
  });

  it("stops with one clear line on a malformed DATABASE_URL", async () => {
    await expect(applyPendingMigrations("mysql://x@y/z")).rejects.toThrow(/needs a postgresql:\/\/ URL/);
  });

  it("reports wrong credentials without printing the password", async () => {
    const url = new URL(await createEmptyDatabase());
    url.password = "definitely-wrong";
    const err = (await applyPendingMigrations(url.toString()).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/refused the credentials/);
    expect(err.message).not.toContain("definitely-wrong");
  });
});
