/**
 * What the app's database role may do, granted by the owner after every migration run (so a new
 * table is covered the moment it exists), and the app role's own check that it cannot alter the
 * audit log.
 *
 * The rule: the app reads and writes every table trustmap defines, except
 * - `audit_events`: SELECT and INSERT only (no UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES);
 * - `_prisma_migrations`: nothing (migration bookkeeping is the owner's).
 * It owns nothing, so it cannot ALTER, DROP or disable a trigger on any table, and as a
 * non-superuser it cannot `SET session_replication_role` (which silences triggers).
 *
 * Grants are made here rather than in migration SQL because the app role's name is the
 * operator's choice (it is whoever DATABASE_URL names), and Prisma migrations take no parameters.
 *
 * The job queue (pg-boss 10, schema `pgboss`) is installed and migrated by the owner too; the app
 * runs it against the installed schema. pg-boss creates one partition table per queue when a queue
 * is first created (`pgboss.create_queue`), which needs the owner's rights: that one function runs
 * as its owner (SECURITY DEFINER, fixed search_path), and default privileges give the app the same
 * row access to each new partition as to the rest of the queue.
 */
import pg from "pg";
import PgBoss from "pg-boss";
import { JOBS, JOB_NAMES } from "@/lib/jobs/catalog";

export const JOB_QUEUE_SCHEMA = "pgboss";

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on("error", () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** The role a URL logs in as, as the server sees it (a URL may leave the user to PGUSER or the OS). */
export async function roleOf(url: string): Promise<string> {
  return withClient(url, async (c) => (await c.query<{ role: string }>("select current_user as role")).rows[0]!.role);
}

/**
 * Install or migrate pg-boss's schema as the owner, and create every queue of the job catalog
 * (lib/jobs/catalog.ts: plain data) with its retry policy, so the app can enqueue from its first
 * request. Creating a queue creates a table; `create_queue` is idempotent.
 */
export async function installJobQueue(ownerUrl: string): Promise<void> {
  const boss = new PgBoss({ connectionString: ownerUrl, schema: JOB_QUEUE_SCHEMA, migrate: true, supervise: false, schedule: false, application_name: "trustmap-install" });
  let failure: Error | undefined;
  boss.on("error", (e) => (failure ??= e));
  await boss.start();
  try {
    for (const name of JOB_NAMES) {
      const { retryLimit, retryDelay, retryBackoff, expireInSeconds } = JOBS[name];
      await boss.createQueue(name, { name, retryLimit, retryDelay, retryBackoff, expireInSeconds });
    }
  } finally {
    await boss.stop({ graceful: false });
  }
  if (failure) throw failure;
}

/**
 * Grant `appRole` exactly what the app needs (see the module comment). Run as the owner, in one
 * transaction, after migrations and the job queue's installation; idempotent.
 */
export async function grantAppPrivileges(ownerUrl: string, appRole: string): Promise<void> {
  await withClient(ownerUrl, async (c) => {
    const app = c.escapeIdentifier(appRole);
    const queue = c.escapeIdentifier(JOB_QUEUE_SCHEMA);
    const hasQueue = (await c.query("select 1 from pg_namespace where nspname = $1", [JOB_QUEUE_SCHEMA])).rowCount === 1;
    await c.query("begin");
    try {
      await c.query(`GRANT USAGE ON SCHEMA public TO ${app}`);
      await c.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app}`);
      await c.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app}`);
      await c.query(`REVOKE ALL ON TABLE public._prisma_migrations FROM ${app}`);
      await c.query(`REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON TABLE public.audit_events FROM ${app}`);
      if (hasQueue) {
        await c.query(`GRANT USAGE ON SCHEMA ${queue} TO ${app}`);
        await c.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${queue} TO ${app}`);
        await c.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${queue} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app}`);
        await c.query(`ALTER FUNCTION ${queue}.create_queue(text, json) SECURITY DEFINER SET search_path = pg_catalog, ${queue}, pg_temp`);
        await c.query(`REVOKE ALL ON FUNCTION ${queue}.create_queue(text, json) FROM PUBLIC`);
        await c.query(`GRANT EXECUTE ON FUNCTION ${queue}.create_queue(text, json) TO ${app}`);
        // Dropping a queue's partition stays the owner's (the app can edit pgboss.queue rows, so a
        // definer delete_queue would let it drop any table of the queue schema).
        await c.query(`REVOKE ALL ON FUNCTION ${queue}.delete_queue(text) FROM PUBLIC`);
      }
      await c.query("commit");
    } catch (e) {
      await c.query("rollback").catch(() => {});
      throw e;
    }
  });
}

/**
 * Why the role `appUrl` logs in as could change or remove audit events, or silence the table's
 * append-only trigger: empty when it cannot. Checked by the app role itself, so the answer
 * includes privileges it holds through PUBLIC or role membership.
 */
export async function auditTableExposure(appUrl: string): Promise<{ role: string; reasons: string[] }> {
  return withClient(appUrl, async (c) => {
    const { rows } = await c.query<{ role: string; superuser: boolean; owner: boolean | null; update: boolean | null; delete: boolean | null; truncate: boolean | null; trigger: boolean | null; version: number }>(
      `select current_user as role, r.rolsuper as superuser,
              pg_has_role(current_user, t.relowner, 'MEMBER') as owner,
              has_table_privilege(t.oid, 'UPDATE') as update, has_table_privilege(t.oid, 'DELETE') as delete,
              has_table_privilege(t.oid, 'TRUNCATE') as truncate, has_table_privilege(t.oid, 'TRIGGER') as trigger,
              current_setting('server_version_num')::int as version
         from pg_roles r left join pg_class t on t.oid = to_regclass('public.audit_events')
        where r.rolname = current_user`,
    );
    const row = rows[0]!;
    if (row.superuser) return { role: row.role, reasons: ["superuser"] };
    const reasons: string[] = [];
    if (row.owner) reasons.push("owns audit_events (or is a member of its owner)");
    const granted = (["update", "delete", "truncate", "trigger"] as const).filter((p) => row[p]).map((p) => p.toUpperCase());
    if (!row.owner && granted.length > 0) reasons.push(`has ${granted.join(", ")} on audit_events`);
    // GRANT SET ON PARAMETER exists since PostgreSQL 15; before that only superusers could set it.
    if (row.version >= 150_000) {
      const { rows: set } = await c.query<{ can: boolean }>("select has_parameter_privilege('session_replication_role', 'SET') as can");
      if (set[0]?.can) reasons.push("may SET session_replication_role");
    }
    return { role: row.role, reasons };
  });
}

/** One line for `npm start` when the app role could alter the audit log, or null. */
export function describeAuditExposure(exposure: { role: string; reasons: string[] }): string | null {
  if (exposure.reasons.length === 0) return null;
  return `warning: the app's database role "${exposure.role}" could alter the audit log (${exposure.reasons.join("; ")}); run migrations as the owner with DATABASE_MIGRATION_URL and let DATABASE_URL name a role that owns nothing (README "Database roles")`;
}
