import "server-only";
import pg from "pg";

export interface SessionLock {
  release(): Promise<void>;
}

/**
 * A session-level advisory lock (`pg_try_advisory_lock`) held on a dedicated connection, for work
 * that outlives any one transaction: if the holder crashes, Postgres drops its connection and the
 * lock with it. Null when another session holds `key`. `applicationName` names the connection in
 * pg_stat_activity.
 */
export async function trySessionLock(databaseUrl: string, key: number, applicationName: string): Promise<SessionLock | null> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: applicationName });
  await client.connect();
  // A broken lock connection must not crash the process; the lock is gone with it anyway.
  client.on("error", () => {});
  try {
    const { rows } = await client.query<{ locked: boolean }>("select pg_try_advisory_lock($1) as locked", [key]);
    if (rows[0]?.locked !== true) {
      await client.end();
      return null;
    }
  } catch (e) {
    await client.end().catch(() => {});
    throw e;
  }
  return {
    async release() {
      await client.query("select pg_advisory_unlock($1)", [key]).catch(() => {});
      await client.end().catch(() => {});
    },
  };
}
