/**
 * One real PostgreSQL for the whole integration run: embedded, fresh data dir, free port.
 * Migrations are applied once into a template database; each test file clones it
 * (CREATE DATABASE … TEMPLATE), which is much faster than migrating per file.
 * DATABASE_URL set → that server is used instead (CI with a system Postgres).
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../lib/db/embedded";
import { applyPendingMigrations } from "../../lib/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

export const TEMPLATE_DB = "trustmap_template";

export default async function setup(project: TestProject) {
  let adminUrl: string;
  let stop = async () => {};
  let dataDir: string | undefined;
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
  } else {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "trustmap-it-"));
    const server = await startEmbeddedPostgres({ dataDir, database: "postgres" });
    adminUrl = server.url;
    stop = server.stop;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE_DB}`);
  await admin.query(`create database ${TEMPLATE_DB}`);
  await admin.end();
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${TEMPLATE_DB}`;
  await applyPendingMigrations(templateUrl.toString());
  project.provide("pgAdminUrl", adminUrl);
  project.provide("pgTemplate", TEMPLATE_DB);
  return async () => {
    await stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
}
