/**
 * The two database roles trustmap runs with, set up by a superuser (the embedded server's
 * bootstrap user, or the test harness): an OWNER that owns the database and every object in it and
 * runs migrations, and an APP role the web server and CLI connect as, which owns nothing and gets
 * only the privileges lib/db/privileges.ts grants it. With an external database the operator creates
 * the roles (README "Database roles"); these functions are not used there.
 *
 * Why not one superuser: a superuser (or a table's owner) can switch the audit log's append-only
 * trigger off (`SET session_replication_role = replica`, `ALTER TABLE … DISABLE TRIGGER`).
 */
import type pg from "pg";

export const OWNER_ROLE = "trustmap_owner";
export const APP_ROLE = "trustmap_app";

export interface RolePasswords {
  owner: string;
  app: string;
}

/**
 * Create the owner and app login roles, or bring existing ones back in line (password, no
 * superuser, no role or database creation, no replication, not bypassing row security, and the
 * app role not a member of the owner). Needs a superuser connection.
 */
export async function ensureRoles(superuser: pg.Client, passwords: RolePasswords): Promise<void> {
  for (const [name, password] of [[OWNER_ROLE, passwords.owner], [APP_ROLE, passwords.app]] as const) {
    const exists = ((await superuser.query("select 1 from pg_roles where rolname = $1", [name])).rowCount ?? 0) > 0;
    // Utility statements take no bind parameters; the literal and identifier are escaped by pg.
    const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${superuser.escapeLiteral(password)}`;
    await superuser.query(`${exists ? "ALTER" : "CREATE"} ROLE ${superuser.escapeIdentifier(name)} WITH ${attributes}`);
  }
  const member = await superuser.query("select 1 from pg_auth_members m join pg_roles r on r.oid = m.roleid join pg_roles a on a.oid = m.member where r.rolname = $1 and a.rolname = $2", [OWNER_ROLE, APP_ROLE]);
  if ((member.rowCount ?? 0) > 0) await superuser.query(`REVOKE ${superuser.escapeIdentifier(OWNER_ROLE)} FROM ${superuser.escapeIdentifier(APP_ROLE)}`);
}

/** Create `database` owned by the owner role, or hand an existing one to it. Needs a superuser connection. */
export async function ensureDatabaseOwned(superuser: pg.Client, database: string): Promise<void> {
  const found = await superuser.query<{ owner: string }>("select pg_get_userbyid(datdba) as owner from pg_database where datname = $1", [database]);
  const name = superuser.escapeIdentifier(database);
  const owner = superuser.escapeIdentifier(OWNER_ROLE);
  if (found.rowCount === 0) await superuser.query(`CREATE DATABASE ${name} OWNER ${owner}`);
  else if (found.rows[0]!.owner !== OWNER_ROLE) await superuser.query(`ALTER DATABASE ${name} OWNER TO ${owner}`);
}

/** Objects outside the system schemas, owned by the connected role, as ALTER … OWNER statements. */
const ADOPTION_SQL = `
  with me as (select oid from pg_roles where rolname = current_user),
  user_schemas as (
    select oid, nspname, nspowner from pg_namespace
     where nspname <> 'information_schema' and nspname not like 'pg\\_%'
  )
  select format('ALTER SCHEMA %I OWNER TO %I', n.nspname, $1::text) as statement, 1 as pass
    from user_schemas n where n.nspowner = (select oid from me)
  union all
  -- Tables first (their serial sequences follow them); a sequence owned by a column cannot be given away on its own.
  select format('ALTER %s %s OWNER TO %I',
                case c.relkind when 'S' then 'SEQUENCE' when 'v' then 'VIEW' when 'm' then 'MATERIALIZED VIEW' when 'f' then 'FOREIGN TABLE' else 'TABLE' end,
                c.oid::regclass, $1::text), case c.relkind when 'S' then 3 else 2 end
    from pg_class c join user_schemas n on n.oid = c.relnamespace
   where c.relowner = (select oid from me) and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
     and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid
                      and (d.deptype = 'e' or (c.relkind = 'S' and d.deptype in ('a', 'i'))))
  union all
  select format('ALTER ROUTINE %s OWNER TO %I', p.oid::regprocedure, $1::text), 4
    from pg_proc p join user_schemas n on n.oid = p.pronamespace
   where p.proowner = (select oid from me)
     and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
  union all
  select format('ALTER TYPE %s OWNER TO %I', t.oid::regtype, $1::text), 5
    from pg_type t join user_schemas n on n.oid = t.typnamespace
   where t.typowner = (select oid from me) and t.typtype in ('e', 'd')
     and not exists (select 1 from pg_depend d where d.classid = 'pg_type'::regclass and d.objid = t.oid and d.deptype = 'e')
  order by pass`;

/**
 * Hand every object in the connected database that the connected superuser owns to the owner role:
 * a database made before trustmap had separate roles (the superuser ran its migrations) then
 * migrates and grants as the owner like a new one. `REASSIGN OWNED` cannot do this for the
 * bootstrap superuser, which also owns the system catalogs. Returns how many objects moved;
 * cheap (one catalog query) when there is nothing to move.
 */
export async function adoptSuperuserObjects(superuserOnDatabase: pg.Client): Promise<number> {
  const { rows } = await superuserOnDatabase.query<{ statement: string }>(ADOPTION_SQL, [OWNER_ROLE]);
  if (rows.length === 0) return 0;
  await superuserOnDatabase.query("begin");
  try {
    for (const { statement } of rows) await superuserOnDatabase.query(statement);
    await superuserOnDatabase.query("commit");
  } catch (e) {
    await superuserOnDatabase.query("rollback");
    throw e;
  }
  return rows.length;
}

/** `url` with another role and password (and optionally another database). */
export function urlAs(url: string, role: string, password: string, database?: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(role);
  u.password = encodeURIComponent(password);
  if (database !== undefined) u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}
