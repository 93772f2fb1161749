/**
 * Where the database is: DATABASE_URL when set, otherwise an embedded PostgreSQL whose data
 * lives in the git-ignored .data folder and survives restarts. Two roles: migrations run as the
 * owner (DATABASE_MIGRATION_URL; unset → DATABASE_URL runs them too), the app as DATABASE_URL.
 */
import path from "node:path";
import { config } from "@/lib/config";
import { startEmbeddedPostgres } from "./embedded";
import { dataDir } from "./paths";
import { describeDatabaseUrlProblem } from "./url";
import { MigrationError } from "./migrate";

export interface ResolvedDatabase {
  /** The app's role. */
  url: string;
  /** The owner's role, for migrations and grants. */
  migrationUrl: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export async function resolveDatabase(opts: { log?: (line: string) => void } = {}): Promise<ResolvedDatabase> {
  const { databaseUrl, databaseMigrationUrl } = config();
  if (databaseUrl !== undefined) {
    const problem = describeDatabaseUrlProblem(databaseUrl) ?? (databaseMigrationUrl === undefined ? null : describeDatabaseUrlProblem(databaseMigrationUrl, "DATABASE_MIGRATION_URL"));
    if (problem) throw new MigrationError(problem);
    return { url: databaseUrl, migrationUrl: databaseMigrationUrl ?? databaseUrl, embedded: false, stop: async () => {} };
  }
  if (databaseMigrationUrl !== undefined) throw new MigrationError("DATABASE_MIGRATION_URL is set but DATABASE_URL is not; set both (or neither, for the embedded database)");
  const server = await startEmbeddedPostgres({ dataDir: path.join(dataDir(), "db"), log: opts.log });
  return { url: server.appUrl, migrationUrl: server.ownerUrl, embedded: true, stop: server.stop };
}

/** Run `fn` against the resolved database, stopping an embedded server afterwards. */
export async function withDatabase<T>(fn: (db: ResolvedDatabase) => Promise<T>): Promise<T> {
  const db = await resolveDatabase();
  try {
    return await fn(db);
  } finally {
    await db.stop();
  }
}
