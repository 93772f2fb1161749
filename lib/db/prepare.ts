/**
 * Bring a database up to date before the app uses it: migrations and the job queue's schema as the
 * owner, then the app role's grants. Every entry point runs this (npm start, the CLI, db:migrate,
 * db:seed, the test harness), so the app always meets a database it has exactly its privileges in.
 */
import { applyPendingMigrations } from "./migrate";
import { grantAppPrivileges, installJobQueue, roleOf } from "./privileges";

export interface DatabaseUrls {
  /** The owner role: runs migrations and installs the job queue. */
  migrationUrl: string;
  /** The role the app connects as. */
  appUrl: string;
}

export async function prepareDatabase(urls: DatabaseUrls): Promise<{ applied: string[] }> {
  const { applied } = await applyPendingMigrations(urls.migrationUrl);
  await installJobQueue(urls.migrationUrl);
  if (urls.appUrl !== urls.migrationUrl) {
    const [owner, app] = await Promise.all([roleOf(urls.migrationUrl), roleOf(urls.appUrl)]);
    if (owner !== app) await grantAppPrivileges(urls.migrationUrl, app);
  }
  return { applied };
}
