/** The audit log's row queries: the Audit page's list and filters, the CSV export, and the chain in id order. */
import "server-only";
import { getDb } from "@/lib/db/client";
import type { DbOrTx } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { TAuditFilters } from "@/lib/schemas/audit";
import { toAuditRow, type AuditRow } from "./rows";
import type { StoredChainedEvent } from "./chain";

export const AUDIT_PAGE_SIZE = 50;

/** Filters as SQL: actor and type by prefix/contains, role and project on the event's data. */
function whereOf(f: TAuditFilters): Prisma.AuditEventWhereInput {
  const and: Prisma.AuditEventWhereInput[] = [];
  if (f.actor) and.push({ actorLabel: { contains: f.actor, mode: "insensitive" } });
  if (f.type) and.push({ action: { startsWith: f.type } });
  if (f.role) and.push({ OR: [{ data: { path: ["role"], string_contains: f.role } }, { resourceId: f.role }, { data: { path: ["arn"], string_contains: f.role } }] });
  if (f.project) and.push({ data: { path: ["gitlabPath"], string_contains: f.project } });
  if (f.from) and.push({ at: { gte: f.from } });
  if (f.to) and.push({ at: { lte: f.to } });
  return and.length > 0 ? { AND: and } : {};
}

/** The column a sort key orders by (after it, the id breaks ties in the same direction). */
const SORT_COLUMN = { actor: "actorLabel", action: "action" } as const;

/**
 * Where the page after event `afterId` starts, in the order `filters` asks for: an id bound for
 * time order; for actor or type, the (value, id) keyset — the `gte`/`lte` on the value gives
 * the index a range to start from, the OR skips the rows with that value already shown. null when
 * the event is gone (no page can follow it).
 */
async function keysetAfter(filters: TAuditFilters, afterId: bigint): Promise<Prisma.AuditEventWhereInput | null> {
  const asc = filters.dir === "asc";
  if (filters.sort === "at") return { id: asc ? { gt: afterId } : { lt: afterId } };
  const column = SORT_COLUMN[filters.sort];
  const cursor = await getDb().auditEvent.findUnique({ where: { id: afterId }, select: { actorLabel: true, action: true } });
  if (!cursor) return null;
  const value = cursor[column];
  return asc
    ? { AND: [{ [column]: { gte: value } }, { OR: [{ [column]: { gt: value } }, { id: { gt: afterId } }] }] }
    : { AND: [{ [column]: { lte: value } }, { OR: [{ [column]: { lt: value } }, { id: { lt: afterId } }] }] };
}

/**
 * One page of events in the order asked for (newest first by default), keyset-paginated (stable
 * while new events arrive): `nextBefore` is the id of the last event shown, the cursor of the next
 * page. Sorting by actor or type uses the (column, id) indexes.
 */
export async function listAuditEvents(filters: TAuditFilters): Promise<{ rows: AuditRow[]; nextBefore: string | null }> {
  const where = whereOf(filters);
  const after = filters.before ? await keysetAfter(filters, BigInt(filters.before)) : undefined;
  if (after === null) return { rows: [], nextBefore: null };
  const dir = filters.dir;
  const orderBy: Prisma.AuditEventOrderByWithRelationInput[] = filters.sort === "at" ? [{ id: dir }] : [{ [SORT_COLUMN[filters.sort]]: dir }, { id: dir }];
  const rows = await getDb().auditEvent.findMany({
    where: after ? { AND: [where, after] } : where,
    orderBy,
    take: AUDIT_PAGE_SIZE + 1,
  });
  const page = rows.slice(0, AUDIT_PAGE_SIZE).map(toAuditRow);
  return { rows: page, nextBefore: rows.length > AUDIT_PAGE_SIZE ? (page[page.length - 1]?.id ?? null) : null };
}

/** Every matching event, newest first, in pages (for the CSV export). Capped to keep one export bounded. */
export async function* iterateAuditEvents(filters: TAuditFilters, cap = 200_000): AsyncGenerator<AuditRow> {
  const where = whereOf(filters);
  let before: bigint | undefined = filters.before ? BigInt(filters.before) : undefined;
  let sent = 0;
  for (;;) {
    const rows = await getDb().auditEvent.findMany({ where: before === undefined ? where : { AND: [where, { id: { lt: before } }] }, orderBy: { id: "desc" }, take: 2_000 });
    for (const r of rows) {
      if (sent++ >= cap) return;
      yield toAuditRow(r);
    }
    const last = rows[rows.length - 1];
    if (!last || rows.length < 2_000) return;
    before = last.id;
  }
}

/** The distinct event types, for the type filter. */
export async function listAuditTypes(): Promise<string[]> {
  // Prisma's `distinct` dedupes in memory; the database does it on the action index.
  const rows = await getDb().$queryRaw<{ action: string }[]>`select distinct action from audit_events order by action`;
  return rows.map((r) => r.action);
}

/** The chain in id order, after `afterId` (exclusive), one page at a time. */
export async function* chainPages(db: DbOrTx, pageSize: number, afterId?: bigint): AsyncGenerator<StoredChainedEvent[]> {
  let cursor = afterId;
  for (;;) {
    const page = await db.auditEvent.findMany({ where: cursor === undefined ? {} : { id: { gt: cursor } }, orderBy: { id: "asc" }, take: pageSize });
    if (page.length === 0) return;
    yield page;
    cursor = page[page.length - 1]!.id;
  }
}

/** One event's link and how many events lead up to it (itself included), or null when it is gone. */
export async function linkAndPosition(db: DbOrTx, id: bigint): Promise<{ hash: string; hashAlg: string; position: number } | null> {
  const event = await db.auditEvent.findUnique({ where: { id }, select: { hash: true, hashAlg: true } });
  if (!event) return null;
  return { ...event, position: await db.auditEvent.count({ where: { id: { lte: id } } }) };
}
