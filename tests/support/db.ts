/**
 * Per-file databases for integration tests: a clone of the migrated template, with
 * DATABASE_URL pointed at it so lib/db's client uses it.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createPrismaClient, type Db } from "../../lib/db/prisma";

export function adminUrl(): string {
  return inject("pgAdminUrl");
}

export function urlFor(database: string): string {
  const u = new URL(adminUrl());
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

/** A new, empty database (no schema). */
export async function createEmptyDatabase(): Promise<string> {
  const name = `t_${randomBytes(6).toString("hex")}`;
  await admin((c) => c.query(`create database ${name}`));
  return urlFor(name);
}

/**
 * A fresh migrated database for this test file; sets DATABASE_URL and resets lib/db's client.
 * Returns a Prisma client for direct assertions.
 */
export async function useFreshDatabase(): Promise<{ url: string; db: Db }> {
  const name = `t_${randomBytes(6).toString("hex")}`;
  await admin((c) => c.query(`create database ${name} template ${inject("pgTemplate")}`));
  const url = urlFor(name);
  process.env.DATABASE_URL = url;
  (globalThis as { trustmapDb?: Db }).trustmapDb = undefined;
  return { url, db: createPrismaClient(url) };
}
