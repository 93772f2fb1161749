/**
 * `npm run db:migrate`: apply pending migrations to DATABASE_URL, or to the embedded database
 * when it is unset. Idempotent. Exits 1 with one line saying what to fix on any problem.
 */
import { withDatabase } from "../lib/db/server";
import { applyPendingMigrations } from "../lib/db/migrate";
import { runCli } from "./cli-support";

await runCli("db:migrate", async () => {
  await withDatabase(async (url) => {
    const { applied } = await applyPendingMigrations(url);
    console.log(applied.length ? `db:migrate: applied ${applied.join(", ")}` : "db:migrate: database is up to date");
  });
});
