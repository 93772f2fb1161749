/**
 * The app's database role (DATABASE_URL) against the audit log: it may append and read, and
 * nothing else — not change or remove events, not switch the append-only trigger off in any way.
 * Every statement runs as the app role itself, through a plain pg connection.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAuditEvent, verifyAuditChain } from "@/lib/audit/service";
import type { Db } from "@/lib/db/prisma";
import { auditTableExposure, describeAuditExposure, JOB_QUEUE_SCHEMA } from "@/lib/db/privileges";
import { prepareDatabase } from "@/lib/db/prepare";
import { APP_ROLE, OWNER_ROLE } from "@/lib/db/roles";
import { useFreshDatabase, type FreshDatabase } from "../../support/db";

let fresh: FreshDatabase;
let db: Db;

async function query<T extends pg.QueryResultRow = pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

/** The error the app role meets running `sql` (fails the test when there is none). */
async function refusal(sql: string): Promise<{ code?: string; message: string }> {
  const error = await query(fresh.url, sql).then(() => null, (e: unknown) => e as { code?: string; message: string });
  expect(error, `the app role was allowed: ${sql}`).not.toBeNull();
  return error!;
}

beforeAll(async () => {
  fresh = await useFreshDatabase();
  ({ db } = fresh);
  for (let i = 0; i < 3; i++) await recordAuditEvent(db, { actorId: null, actorLabel: "system", action: "settings.changed", data: { i } });
});

afterAll(async () => {
  await db.$disconnect();
});

describe("the app's database role and the audit log", () => {
  it("is no superuser, owns nothing and is not a member of the owner role", async () => {
    const [role] = await query<{ super: boolean; member: boolean; owned: string }>(
      fresh.url,
      `select r.rolsuper as super, pg_has_role(current_user, $1, 'MEMBER') as member,
              ((select count(*) from pg_class where relowner = r.oid) + (select count(*) from pg_proc where proowner = r.oid)
               + (select count(*) from pg_type where typowner = r.oid) + (select count(*) from pg_namespace where nspowner = r.oid)
               + (select count(*) from pg_database where datdba = r.oid))::text as owned
         from pg_roles r where r.rolname = current_user`,
      [OWNER_ROLE],
    );
    expect((await query<{ user: string }>(fresh.url, "select current_user as user"))[0]!.user).toBe(APP_ROLE);
    expect(role).toEqual({ super: false, member: false, owned: "0" });
  });

  it.each([
    ["UPDATE", "update audit_events set actor_label = 'mallory'", "42501", /permission denied for table audit_events/],
    ["DELETE", "delete from audit_events", "42501", /permission denied for table audit_events/],
    ["TRUNCATE", "truncate audit_events", "42501", /permission denied for table audit_events/],
    ["ALTER TABLE … DISABLE TRIGGER", "alter table audit_events disable trigger audit_events_no_update_delete", "42501", /must be owner of table audit_events/],
    ["ALTER TABLE … DISABLE TRIGGER ALL", "alter table audit_events disable trigger all", "42501", /must be owner of table audit_events/],
    ["DROP TRIGGER", "drop trigger audit_events_no_update_delete on audit_events", "42501", /must be owner of (table|relation) audit_events/],
    ["CREATE TRIGGER (the TRIGGER privilege)", "create trigger sneak before insert on audit_events for each row execute function trustmap_audit_no_downgrade()", "42501", /permission denied for table audit_events/],
    ["SET session_replication_role = replica", "set session_replication_role = replica", "42501", /permission denied to set parameter "session_replication_role"/],
    ["SET LOCAL session_replication_role = replica", "begin; set local session_replication_role = replica; commit", "42501", /permission denied to set parameter "session_replication_role"/],
    ["DROP TABLE", "drop table audit_events", "42501", /must be owner of table audit_events/],
    ["DROP FUNCTION (the append-only trigger's)", "drop function trustmap_audit_is_append_only() cascade", "42501", /must be owner of function trustmap_audit_is_append_only/],
    ["ALTER TABLE … RENAME", "alter table audit_events rename to audit_events_old", "42501", /must be owner of table audit_events/],
    ["SET ROLE to the owner", `set role ${OWNER_ROLE}`, "42501", /permission denied to set role/],
    ["reading migration bookkeeping", "select * from _prisma_migrations", "42501", /permission denied for table _prisma_migrations/],
    ["CREATE TABLE in the schema", "create table shadow_audit (id int)", "42501", /permission denied for schema public/],
  ])("refuses %s", async (_what, sql, code, message) => {
    const before = await db.auditEvent.count();
    const error = await refusal(sql);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(await db.auditEvent.count()).toBe(before);
    expect((await query<{ n: string }>(fresh.urlAs("superuser"), "select count(*)::text as n from pg_trigger where tgrelid = 'audit_events'::regclass and tgenabled = 'O'"))[0]!.n).toBe("3");
  });

  it("may append (INSERT, the id sequence) and read (SELECT) events, and the chain verifies", async () => {
    const before = await db.auditEvent.count();
    await recordAuditEvent(db, { actorId: null, actorLabel: "system", action: "settings.changed", data: { appended: true } });
    expect(await db.auditEvent.count()).toBe(before + 1);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: before + 1 });
  });

  it("cannot append an unkeyed event after keyed ones (a downgrade is refused at the door)", async () => {
    const last = await db.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });
    const error = await refusal(`insert into audit_events (actor_label, action, prev_hash, hash, hash_alg) values ('mallory', 'settings.changed', '${last.hash}', repeat('b', 64), 'sha256')`);
    expect(error.message).toMatch(/an unkeyed \(sha256\) event cannot follow keyed ones/);
  });

  it("runs the job queue the owner installed, creating a new queue through the owner's function", async () => {
    const boss = new PgBoss({ connectionString: fresh.url, schema: JOB_QUEUE_SCHEMA, migrate: false, supervise: false, schedule: false });
    boss.on("error", () => {});
    await boss.start();
    try {
      const queue = `lp-${randomBytes(4).toString("hex")}`;
      await boss.createQueue(queue);
      const id = await boss.send(queue, { hello: "world" });
      const [job] = await boss.fetch<{ hello: string }>(queue);
      expect(job).toMatchObject({ id, data: { hello: "world" } });
      await boss.complete(queue, job!.id);
    } finally {
      await boss.stop({ graceful: false });
    }
    // The queue's new partition table belongs to the owner, not to the app role.
    const owners = await query<{ owner: string }>(fresh.urlAs("superuser"), "select distinct pg_get_userbyid(relowner) as owner from pg_class where relnamespace = $1::regnamespace and relkind in ('r', 'p')", [JOB_QUEUE_SCHEMA]);
    expect(owners).toEqual([{ owner: OWNER_ROLE }]);
  });

  it("preparing the database again (migrations, job queue, grants) changes nothing and keeps every refusal", async () => {
    await prepareDatabase({ migrationUrl: fresh.urlAs("owner"), appUrl: fresh.url });
    await prepareDatabase({ migrationUrl: fresh.urlAs("owner"), appUrl: fresh.url });
    expect((await refusal("delete from audit_events")).message).toMatch(/permission denied/);
    expect(await auditTableExposure(fresh.url)).toEqual({ role: APP_ROLE, reasons: [] });
  });
});

describe("npm start's one-line warning when the app's role could alter the audit log", () => {
  it("says nothing for the app role, and names the reason for a superuser, the owner, or a role granted UPDATE/DELETE", async () => {
    expect(describeAuditExposure(await auditTableExposure(fresh.url))).toBeNull();
    expect((await auditTableExposure(fresh.urlAs("superuser"))).reasons).toEqual(["superuser"]);
    expect((await auditTableExposure(fresh.urlAs("owner"))).reasons).toEqual(["owns audit_events (or is a member of its owner)"]);

    const leaky = `t_leaky_${randomBytes(4).toString("hex")}`;
    const password = randomBytes(12).toString("hex");
    const su = fresh.urlAs("superuser");
    await query(su, `create role ${leaky} login password '${password}'`);
    try {
      await query(su, `grant select, update, delete on audit_events to ${leaky}`);
      const url = new URL(fresh.url);
      url.username = leaky;
      url.password = password;
      const exposure = await auditTableExposure(url.toString());
      expect(exposure).toEqual({ role: leaky, reasons: ["has UPDATE, DELETE on audit_events"] });
      const line = describeAuditExposure(exposure)!;
      expect(line.startsWith(`warning: the app's database role "${leaky}" could alter the audit log (has UPDATE, DELETE on audit_events); run migrations as the owner with DATABASE_MIGRATION_URL`)).toBe(true);
      expect(line).not.toContain("\n");
      expect(line).not.toContain(password);
    } finally {
      await query(su, `drop owned by ${leaky}`);
      await query(su, `drop role ${leaky}`);
    }
  });
});
