/**
 * Row queries of the usage domain: evidence rows and their daily rollup, cursors, runs, settings.
 * Only lib/usage/service.ts calls these.
 */
import "server-only";
import type { DbOrTx } from "@/lib/db/prisma";
import type { UsageEvent } from "./record";
import { parseUsageSettings, USAGE_SETTING_KEYS, type UsageSettings } from "./settings";
import type { CallerUsage } from "./summary";
import { REGISTERED_ROLE } from "@/lib/settings/registration";

export type UsageSourceName = "s3" | "sqs" | "lookup" | "sandbox";

export interface CursorRow {
  key: string;
  source: UsageSourceName;
  accountId: string | null;
  region: string | null;
  position: string;
  readUntil: Date | null;
}

export async function readUsageSettings(db: DbOrTx): Promise<UsageSettings> {
  const rows = await db.setting.findMany({ where: { key: { in: Object.values(USAGE_SETTING_KEYS) } } });
  return parseUsageSettings((key) => rows.find((r) => r.key === key)?.value);
}

/** Write the settings an admin edits (Settings → Usage evidence). */
export async function saveUsageSettings(db: DbOrTx, values: { unusedDays: number; accountTrails: Record<string, string> }): Promise<void> {
  const rows: [string, number | Record<string, string>][] = [
    [USAGE_SETTING_KEYS.unusedDays, values.unusedDays],
    [USAGE_SETTING_KEYS.accountTrails, values.accountTrails],
  ];
  for (const [key, value] of rows) await db.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
}

/** Every registered role by ARN: only their calls are kept. */
export async function managedRolesByArn(db: DbOrTx): Promise<Map<string, { id: string; accountId: string }>> {
  const roles = await db.iamRole.findMany({ where: REGISTERED_ROLE, select: { id: true, arn: true, awsAccount: { select: { accountId: true } } } });
  return new Map(roles.map((r) => [r.arn, { id: r.id, accountId: r.awsAccount.accountId }]));
}

/**
 * The registered accounts that are real AWS accounts: the sources read CloudTrail only for these.
 * A sandbox account (the demo's, served by trustmap's in-memory IAM) has no CloudTrail, and asking
 * AWS about its id would reach whatever account the credentials belong to, every hour.
 */
export async function realAccounts(db: DbOrTx) {
  return db.awsAccount.findMany({ where: { sandbox: false }, select: { accountId: true, name: true, region: true, managementRoleArn: true }, orderBy: { accountId: "asc" } });
}

/**
 * Insert the events not stored yet (by eventID) and add exactly those to the daily rollup, in
 * one statement: a replayed file, message or page changes nothing. Returns how many were new.
 * The batch goes in as one JSON parameter read by json_to_recordset — no value is ever spliced
 * into the SQL, and one native JSON.stringify costs far less than a dozen array parameters.
 */
export async function insertUsageEvents(db: DbOrTx, events: readonly UsageEvent[], source: UsageSourceName): Promise<number> {
  if (events.length === 0) return 0;
  const rows = await db.$queryRawUnsafe<{ inserted: number }[]>(
    `with input as (
       select * from json_to_recordset($1::json)
         as t("eventId" text, at timestamptz, "accountId" text, region text, "roleArn" text, provider text, audience text,
              subject text, "sourceIp" text, "userAgent" text, "errorCode" text)
     ),
     ins as (
       insert into usage_events (event_id, at, account_id, region, role_arn, provider, audience, sub, source_ip, user_agent, error_code, source)
       select "eventId", at, "accountId", region, "roleArn", provider, audience, subject, "sourceIp", "userAgent", "errorCode", $2::"UsageSource" from input
       on conflict (event_id) do nothing
       returning role_arn, at, provider, audience, sub, error_code
     ),
     daily as (
       insert into usage_daily (role_arn, day, caller, sub, audience, provider, error_code, count, last_at)
       select role_arn, (at at time zone 'UTC')::date, md5(json_build_array(sub, audience, provider, error_code)::text)::uuid,
              sub, audience, provider, error_code, count(*), max(at)
         from ins
        group by 1, 2, 3, 4, 5, 6, 7
        order by 1, 2, 3
       on conflict (role_arn, day, caller) do update
         set count = usage_daily.count + excluded.count, last_at = greatest(usage_daily.last_at, excluded.last_at)
       returning 1
     )
     select (select count(*) from ins)::int as inserted`,
    JSON.stringify(events),
    source,
  );
  return rows[0]?.inserted ?? 0;
}

export async function readCursors(db: DbOrTx, source: UsageSourceName): Promise<Map<string, CursorRow>> {
  const rows = await db.usageCursor.findMany({ where: { source } });
  return new Map(rows.map((r) => [r.key, { key: r.key, source: r.source, accountId: r.accountId, region: r.region, position: r.position, readUntil: r.readUntil }]));
}

export async function saveCursors(db: DbOrTx, cursors: Iterable<CursorRow>): Promise<void> {
  for (const c of cursors) {
    const data = { source: c.source, accountId: c.accountId, region: c.region, position: c.position, readUntil: c.readUntil };
    await db.usageCursor.upsert({ where: { key: c.key }, create: { key: c.key, ...data }, update: data });
  }
}

export async function startRun(db: DbOrTx, source: UsageSourceName, trigger: string): Promise<{ id: string; startedAt: Date }> {
  return db.usageRun.create({ data: { source, trigger }, select: { id: true, startedAt: true } });
}

export async function finishRun(
  db: DbOrTx,
  id: string,
  result: { status: "succeeded" | "partial" | "failed"; readUntil: Date | null; counts: object; problems: object[] },
): Promise<Date> {
  const run = await db.usageRun.update({
    where: { id },
    data: { status: result.status, finishedAt: new Date(), readUntil: result.readUntil, counts: result.counts, problems: result.problems },
    select: { finishedAt: true },
  });
  return run.finishedAt as Date;
}

/**
 * The callers of these roles (all roles when null) since `from`, by role ARN, each with its
 * calls per day. One row per caller comes back, its days as one JSON array: a role called by a
 * hundred subjects every day for 90 days is a hundred rows to map, not nine thousand.
 */
export async function callersByRole(db: DbOrTx, roleArns: readonly string[] | null, from: Date): Promise<Map<string, CallerUsage[]>> {
  const rows = await db.$queryRawUnsafe<{ role_arn: string; sub: string | null; audience: string | null; provider: string | null; error_code: string | null; days: string }[]>(
    `select role_arn, min(sub) as sub, min(audience) as audience, min(provider) as provider, min(error_code) as error_code,
            json_agg(json_build_array(to_char(day, 'YYYY-MM-DD'), count, to_char(last_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))::text as days
       from usage_daily
      where day >= $1::date and ($2::text[] is null or role_arn = any($2::text[]))
      group by role_arn, caller`,
    from.toISOString().slice(0, 10),
    roleArns === null ? null : [...roleArns],
  );
  const byRole = new Map<string, CallerUsage[]>();
  for (const row of rows) {
    let list = byRole.get(row.role_arn);
    if (!list) byRole.set(row.role_arn, (list = []));
    const days = (JSON.parse(row.days) as [string, number, string][]).map(([day, count, lastAt]) => ({ day: Date.parse(`${day}T00:00:00Z`), count, lastAt: new Date(lastAt) }));
    list.push({ subject: row.sub, audience: row.audience, provider: row.provider, errorCode: row.error_code, days });
  }
  return byRole;
}

/**
 * How far usage has been read for each account: per source, the least advanced of its cursors
 * for the account (every Region read up to then); the best source wins; the queue, which carries
 * every account, counts for all.
 */
export async function readUntilByAccount(db: DbOrTx): Promise<{ byAccount: Map<string, Date>; everyAccount: Date | null }> {
  const perSource = await db.usageCursor.groupBy({ by: ["accountId", "source"], where: { accountId: { not: null }, readUntil: { not: null } }, _min: { readUntil: true } });
  const queue = await db.usageCursor.aggregate({ where: { accountId: null, readUntil: { not: null } }, _max: { readUntil: true } });
  const byAccount = new Map<string, Date>();
  for (const row of perSource) {
    const until = row._min.readUntil;
    if (row.accountId === null || until === null) continue;
    const best = byAccount.get(row.accountId);
    if (!best || until > best) byAccount.set(row.accountId, until);
  }
  return { byAccount, everyAccount: queue._max.readUntil ?? null };
}

/** The newest point the demo's sample evidence (source sandbox) covers, or null when there is none. */
export async function sandboxSampleReadUntil(db: DbOrTx): Promise<Date | null> {
  const row = await db.usageCursor.aggregate({ where: { source: "sandbox", readUntil: { not: null } }, _max: { readUntil: true } });
  return row._max.readUntil ?? null;
}

export async function latestRuns(db: DbOrTx, limit: number) {
  return db.usageRun.findMany({ orderBy: { startedAt: "desc" }, take: limit });
}
