/**
 * Migration runner on Prisma's WebAssembly schema engine: applies the folders under
 * prisma/migrations exactly as `prisma migrate deploy` would, and authors new ones from a
 * schema-to-schema diff (no shadow database needed).
 */
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { withSchemaEngine, lastSchemaEnginePanic } from "./schema-engine";
import { describeDatabaseUrlProblem, describeConnectionError } from "./url";

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../../prisma/migrations");
export const SCHEMA_FILE = path.resolve(import.meta.dirname, "../../prisma/schema.prisma");

const NO_FILTER = { externalTables: [], externalEnums: [] };

/** A start-up problem with one line that says what to fix. */
export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MigrationError";
  }
}

async function loadMigrationsList(dir: string) {
  const entries = existsSync(dir) ? await readdir(dir, { withFileTypes: true }) : [];
  const dirs = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const migrationDirectories = await Promise.all(
    dirs.map(async (name) => {
      const file = path.join(dir, name, "migration.sql");
      const content = existsSync(file)
        ? ({ tag: "ok", value: await readFile(file, "utf8") } as const)
        : ({ tag: "error", value: `${file} is missing` } as const);
      return { path: name, migrationFile: { path: "migration.sql", content } };
    }),
  );
  const lockPath = path.join(dir, "migration_lock.toml");
  return {
    baseDir: dir,
    lockfile: {
      path: "migration_lock.toml",
      content: existsSync(lockPath) ? await readFile(lockPath, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

/**
 * Apply every pending migration. Idempotent: a second run applies nothing. Each migration's SQL
 * is sent as one script, which PostgreSQL runs as one implicit transaction, so a failing
 * migration leaves no partial schema behind; its `_prisma_migrations` row is then marked rolled
 * back so that, once fixed, the next run applies it cleanly.
 */
export async function applyPendingMigrations(databaseUrl: string, dir = MIGRATIONS_DIR): Promise<{ applied: string[] }> {
  const urlProblem = describeDatabaseUrlProblem(databaseUrl);
  if (urlProblem) throw new MigrationError(urlProblem);
  await checkReachable(databaseUrl);
  const migrationsList = await loadMigrationsList(dir);
  return withSchemaEngine(databaseUrl, async (engine) => {
    try {
      const out = await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
      return { applied: out.appliedMigrationNames };
    } catch (e) {
      const failed = await markFailedMigrationsRolledBack(databaseUrl);
      const reason = engineErrorMessage(e);
      throw new MigrationError(
        `migration ${failed.join(", ") || "(unknown)"} failed and was rolled back; fix prisma/migrations and start again. Cause: ${reason}`,
        { cause: e },
      );
    }
  });
}

async function checkReachable(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("select 1");
  } catch (e) {
    throw new MigrationError(describeConnectionError(databaseUrl, e), { cause: e });
  } finally {
    await client.end().catch(() => {});
  }
}

async function markFailedMigrationsRolledBack(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on("error", () => {});
  try {
    await client.connect();
    const res = await client.query<{ migration_name: string }>(
      `update _prisma_migrations set rolled_back_at = now()
        where finished_at is null and rolled_back_at is null returning migration_name`,
    );
    return res.rows.map((r) => r.migration_name);
  } catch {
    return [];
  } finally {
    await client.end().catch(() => {});
  }
}

function engineErrorMessage(e: unknown): string {
  const panic = lastSchemaEnginePanic();
  if (panic) return panic;
  if (e instanceof Error) return (e.message.split(/\s+0: /)[0] ?? e.message).replace(/\s+/g, " ").trim();
  return String(e);
}

/**
 * The SQL that takes a database from the schema `from` (null = empty) to the schema `to`.
 * Empty string when they are equivalent. The engine insists on a live connection when it
 * starts, so `databaseUrl` must reach some PostgreSQL server; its contents are not read.
 */
export async function diffSchemas(databaseUrl: string, from: string | null, to: string): Promise<string> {
  return withSchemaEngine(databaseUrl, async (engine) => {
    const result = await engine.diff({
      from: from === null ? { tag: "empty" } : { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: from }] },
      to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: to }] },
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    });
    const sql = result.stdout ?? "";
    return /^\s*-- This is an empty migration\.\s*$/.test(sql) ? "" : sql;
  });
}
