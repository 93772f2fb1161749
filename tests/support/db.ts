/**
 * Per-file databases for integration tests: a clone of the migrated template, owned by the owner
 * role, with DATABASE_URL pointed at it as the least-privileged app role (so lib/db's client, and
 * everything the app does, runs with only the app role's grants) and DATABASE_MIGRATION_URL as
 * the owner (for CLI child processes, which migrate first). AUDIT_KEY and a data folder of its own
 * (where audit checkpoints go) come with it.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { createPrismaClient, type Db } from "../../lib/db/prisma";
import { OWNER_ROLE } from "../../lib/db/roles";

export type DbRole = "app" | "owner" | "superuser";

/** The superuser, on the template database. */
export function adminUrl(): string {
  return inject("pgAdminUrl");
}

/** `database` as one of the three roles. */
export function urlFor(database: string, role: DbRole = "superuser"): string {
  const u = new URL(role === "app" ? inject("pgAppUrl") : role === "owner" ? inject("pgOwnerUrl") : adminUrl());
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A new, empty database (no schema) owned by the owner role; returns the owner's URL, which migrations run as. */
export async function createEmptyDatabase(): Promise<string> {
  const name = `t_${randomBytes(6).toString("hex")}`;
  await admin((c) => c.query(`create database ${name} owner ${OWNER_ROLE}`));
  return urlFor(name, "owner");
}

export interface FreshDatabase {
  /** The app role's URL (also DATABASE_URL now). */
  url: string;
  /** A client as the app role. */
  db: Db;
  name: string;
  /** The same database as another role: the owner (migrations) or a superuser (a rogue administrator). */
  urlAs(role: DbRole): string;
  /** This file's data folder (TRUSTMAP_DATA_DIR now). */
  dataDir: string;
}

/**
 * A fresh migrated database for this test file; sets DATABASE_URL (app role),
 * DATABASE_MIGRATION_URL (owner), AUDIT_KEY and TRUSTMAP_DATA_DIR, and resets lib/db's client.
 */
export async function useFreshDatabase(): Promise<FreshDatabase> {
  const name = `t_${randomBytes(6).toString("hex")}`;
  await admin((c) => c.query(`create database ${name} template ${inject("pgTemplate")} owner ${OWNER_ROLE}`));
  const url = urlFor(name, "app");
  const dataDir = path.join(inject("dataRoot"), "files", name);
  mkdirSync(dataDir, { recursive: true });
  process.env.DATABASE_URL = url;
  process.env.DATABASE_MIGRATION_URL = urlFor(name, "owner");
  process.env.AUDIT_KEY = inject("auditKey");
  process.env.TRUSTMAP_DATA_DIR = dataDir;
  delete process.env.TRUSTMAP_AUDIT_S3;
  (globalThis as { trustmapDb?: Db }).trustmapDb = undefined;
  return { url, db: createPrismaClient(url), name, urlAs: (role) => urlFor(name, role), dataDir };
}
