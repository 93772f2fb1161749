/**
 * `npm run db:migrate`: apply pending migrations (as the owner: DATABASE_MIGRATION_URL, else
 * DATABASE_URL), install the job queue's schema and grant the app role its privileges; the
 * embedded database when DATABASE_URL is unset. Idempotent. Exits 1 with one line saying what to
 * fix on any problem.
 */
import { withDatabase } from "../lib/db/server";
import { prepareDatabase } from "../lib/db/prepare";
import { runCli } from "./cli-support";

await runCli("db:migrate", async () => {
  await withDatabase(async (db) => {
    const { applied } = await prepareDatabase({ migrationUrl: db.migrationUrl, appUrl: db.url });
    console.log(applied.length ? `db:migrate: applied ${applied.join(", ")}` : "db:migrate: database is up to date");
  });
});
