import "server-only";
import { getDb } from "./client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { verifyAuditChain } from "@/lib/audit/service";
import type { ChainVerdict } from "@/lib/audit/chain";
import type { TAuditFilters } from "@/lib/schemas/audit";

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

function toRow(e: { id: bigint; at: Date; actorLabel: string; action: string; resourceType: string | null; resourceId: string | null; data: unknown; hash: string; prevHash: string }) {
  return {
    id: e.id.toString(),
    at: e.at.toISOString(),
    actor: e.actorLabel,
    action: e.action,
    resourceType: e.resourceType,
    resourceId: e.resourceId,
    data: (e.data ?? {}) as Record<string, unknown>,
    hash: e.hash,
    prevHash: e.prevHash,
  };
}
export type AuditRow = ReturnType<typeof toRow>;

/** One page of events, newest first, keyset-paginated on id (stable while new events arrive). */
export async function listAuditEvents(filters: TAuditFilters): Promise<{ rows: AuditRow[]; nextBefore: string | null }> {
  const where = whereOf(filters);
  const rows = await getDb().auditEvent.findMany({
    where: filters.before ? { AND: [where, { id: { lt: BigInt(filters.before) } }] } : where,
    orderBy: { id: "desc" },
    take: AUDIT_PAGE_SIZE + 1,
  });
  const page = rows.slice(0, AUDIT_PAGE_SIZE).map(toRow);
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
      yield toRow(r);
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

/** Re-hash the whole chain and report the first broken link. */
export async function verifyAuditLog(): Promise<ChainVerdict> {
  return verifyAuditChain(getDb());
}
