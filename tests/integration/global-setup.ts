/**
 * One real PostgreSQL for the whole integration run: embedded, fresh data dir, free port.
 * Migrations are applied once into a template database; each test file clones it
 * (CREATE DATABASE … TEMPLATE), which is much faster than migrating per file.
 * DATABASE_URL set → that server is used instead (CI with a system Postgres; it must be a
 * superuser's URL, which creates the owner and app roles).
 *
 * As in production, the template is migrated as the owner role and the app role gets only its
 * grants (lib/db/prepare.ts), so every test that runs app code proves it works with least privilege.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../lib/db/embedded";
import { prepareDatabase } from "../../lib/db/prepare";
import { APP_ROLE, ensureDatabaseOwned, ensureRoles, OWNER_ROLE, urlAs } from "../../lib/db/roles";

declare module "vitest" {
  export interface ProvidedContext {
    /** A superuser (database set-up, and tests that play a rogue database administrator). */
    pgAdminUrl: string;
    pgOwnerUrl: string;
    pgAppUrl: string;
    pgTemplate: string;
    /** A folder for each test file's data folder (audit checkpoints), removed at the end. */
    dataRoot: string;
    /** AUDIT_KEY for this run. */
    auditKey: string;
  }
}

export const TEMPLATE_DB = "trustmap_template";

export default async function setup(project: TestProject) {
  const dataRoot = await mkdtemp(path.join(os.tmpdir(), "trustmap-it-"));
  let urls: { superuser: string; owner: string; app: string };
  let stop = async () => {};
  if (process.env.DATABASE_URL) {
    const superuser = new URL(process.env.DATABASE_URL);
    const passwords = { owner: randomBytes(18).toString("base64url"), app: randomBytes(18).toString("base64url") };
    const admin = new pg.Client({ connectionString: superuser.toString() });
    await admin.connect();
    try {
      await ensureRoles(admin, passwords);
      await admin.query(`drop database if exists ${TEMPLATE_DB}`);
      await ensureDatabaseOwned(admin, TEMPLATE_DB);
    } finally {
      await admin.end();
    }
    const onTemplate = urlAs(superuser.toString(), decodeURIComponent(superuser.username), decodeURIComponent(superuser.password), TEMPLATE_DB);
    urls = { superuser: onTemplate, owner: urlAs(onTemplate, OWNER_ROLE, passwords.owner), app: urlAs(onTemplate, APP_ROLE, passwords.app) };
  } else {
    // A fresh cluster: the template is the database the embedded server creates for the owner.
    const server = await startEmbeddedPostgres({ dataDir: dataRoot, database: TEMPLATE_DB });
    urls = { superuser: server.superuserUrl, owner: server.ownerUrl, app: server.appUrl };
    stop = server.stop;
  }
  await prepareDatabase({ migrationUrl: urls.owner, appUrl: urls.app });
  project.provide("pgAdminUrl", urls.superuser);
  project.provide("pgOwnerUrl", urls.owner);
  project.provide("pgAppUrl", urls.app);
  project.provide("pgTemplate", TEMPLATE_DB);
  project.provide("dataRoot", dataRoot);
  project.provide("auditKey", randomBytes(32).toString("base64url"));
  return async () => {
    await stop();
    await rm(dataRoot, { recursive: true, force: true });
  };
}
