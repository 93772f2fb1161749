/**
 * Where the database is: DATABASE_URL when set, otherwise an embedded PostgreSQL whose data
 * lives in the git-ignored .data folder and survives restarts.
 */
import path from "node:path";
import { config } from "@/lib/config";
import { startEmbeddedPostgres } from "./embedded";
import { dataDir } from "./paths";
import { describeDatabaseUrlProblem } from "./url";
import { MigrationError } from "./migrate";

export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export async function resolveDatabase(opts: { log?: (line: string) => void } = {}): Promise<ResolvedDatabase> {
  const configured = config().databaseUrl;
  if (configured !== undefined) {
    const problem = describeDatabaseUrlProblem(configured);
    if (problem) throw new MigrationError(problem);
    return { url: configured, embedded: false, stop: async () => {} };
  }
  const server = await startEmbeddedPostgres({ dataDir: path.join(dataDir(), "db"), log: opts.log });
  return { url: server.url, embedded: true, stop: server.stop };
}

/** Run `fn` against the resolved database, stopping an embedded server afterwards. */
export async function withDatabase<T>(fn: (url: string, db: ResolvedDatabase) => Promise<T>): Promise<T> {
  const db = await resolveDatabase();
  try {
    return await fn(db.url, db);
  } finally {
    await db.stop();
  }
}
