/**
 * Mapping lists, one mapping's detail and who owns a mapping: the mapping rows every workflow page
 * shows. The requests and approvals services list through findMappingRows, so a row looks the same
 * on every page.
 */
import "server-only";
import { getDb } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { TMappingFilters, TMappingSortKey } from "@/lib/schemas/requests";
import { lastPage } from "@/lib/paging";
import { toRow, type ImportSource, type MappingDetail, type MappingRow } from "./rows";

export const MAPPINGS_PAGE_SIZE = 50;

/** The columns of a ListedMapping (lib/mappings/rows.ts). */
const MAPPING_ROW_SELECT = {
  id: true,
  scope: true,
  gitlabPath: true,
  refType: true,
  refPattern: true,
  environment: true,
  audience: true,
  status: true,
  justification: true,
  requiredApprovals: true,
  riskTier: true,
  expiresAt: true,
  decisionReason: true,
  decidedAt: true,
  createdAt: true,
  role: { select: { id: true, name: true, arn: true, production: true } },
  requester: { select: { id: true, username: true, name: true } },
  approvals: { select: { approver: { select: { username: true } }, createdAt: true }, orderBy: { createdAt: "asc" } },
} as const satisfies Prisma.MappingSelect;

/** Mapping rows matching `where`, in `orderBy` order. */
export async function findMappingRows(query: { where: Prisma.MappingWhereInput; orderBy: Prisma.MappingOrderByWithRelationInput[]; skip?: number; take: number }): Promise<MappingRow[]> {
  const rows = await getDb().mapping.findMany({ ...query, select: MAPPING_ROW_SELECT });
  return rows.map(toRow);
}

export function countMappings(where: Prisma.MappingWhereInput): Promise<number> {
  return getDb().mapping.count({ where });
}

/**
 * Each sortable column's order, ending in the id so that rows with equal values keep one order
 * across pages (a stable tie-breaker). Keys come whitelisted from ZMappingFilters.
 */
function mappingOrder(sort: TMappingSortKey, dir: Prisma.SortOrder): Prisma.MappingOrderByWithRelationInput[] {
  switch (sort) {
    case "requested":
      return [{ createdAt: dir }, { id: dir }];
    case "expires":
      // "Never" is the latest expiry: last going up, first going down (the index's own order).
      return [{ expiresAt: { sort: dir, nulls: dir === "asc" ? "last" : "first" } }, { id: dir }];
    case "path":
      return [{ gitlabPath: dir }, { refPattern: dir }, { id: dir }];
    case "role":
      return [{ role: { name: dir } }, { createdAt: "desc" }, { id: "desc" }];
    case "status":
      return [{ status: dir }, { createdAt: dir }, { id: dir }];
    case "risk":
      return [{ riskTier: dir }, { createdAt: dir }, { id: dir }];
    case "requester":
      return [{ requester: { username: dir } }, { createdAt: "desc" }, { id: "desc" }];
  }
}

/**
 * All mappings, filtered, sorted and paginated on the server. A page past the end is clamped to
 * the last page (`page` says which one was returned), so nobody is shown "page 99 of 1".
 */
export async function listMappings(filters: TMappingFilters): Promise<{ rows: MappingRow[]; total: number; page: number; pageSize: number }> {
  const where: Prisma.MappingWhereInput = {
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.roleId ? { roleId: filters.roleId } : {}),
    ...(filters.risk ? { riskTier: filters.risk } : {}),
    ...(filters.path ? { OR: [{ gitlabPath: { contains: filters.path, mode: "insensitive" as const } }, { refPattern: { contains: filters.path, mode: "insensitive" as const } }] } : {}),
  };
  const orderBy = mappingOrder(filters.sort, filters.dir);
  // The page's ids first (a plain sort, or one join for role/requester), then those rows with their
  // relations: loading relations in the same query would build them for every row before sorting.
  const pageOf = async (page: number) => {
    const ids = (await getDb().mapping.findMany({ where, orderBy, skip: (page - 1) * MAPPINGS_PAGE_SIZE, take: MAPPINGS_PAGE_SIZE, select: { id: true } })).map((m) => m.id);
    if (ids.length === 0) return [];
    const byId = new Map((await findMappingRows({ where: { id: { in: ids } }, orderBy: [], take: ids.length })).map((r) => [r.id, r]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  };
  const [rows, total] = await Promise.all([pageOf(filters.page), countMappings(where)]);
  const last = lastPage(total, MAPPINGS_PAGE_SIZE);
  if (filters.page <= last) return { rows, total, page: filters.page, pageSize: MAPPINGS_PAGE_SIZE };
  return { rows: await pageOf(last), total, page: last, pageSize: MAPPINGS_PAGE_SIZE };
}

/** One mapping with its approvals and its audit history, or null when there is none. */
export async function getMappingDetail(id: string): Promise<MappingDetail | null> {
  const m = await getDb().mapping.findUnique({ where: { id }, select: { ...MAPPING_ROW_SELECT, provenance: true, importedFrom: true, importedBy: { select: { username: true } }, decidedBy: { select: { username: true } }, approvals: { select: { approver: { select: { username: true } }, createdAt: true, comment: true }, orderBy: { createdAt: "asc" } } } });
  if (!m) return null;
  const events = await getDb().auditEvent.findMany({ where: { resourceType: "mapping", resourceId: id }, orderBy: { id: "asc" }, take: 200 });
  return {
    mapping: { ...toRow(m), decidedBy: m.decidedBy?.username ?? null },
    provenance:
      m.provenance === "imported" && m.importedBy && m.importedFrom
        ? { kind: "imported", by: m.importedBy.username, at: (m.decidedAt ?? m.createdAt).toISOString(), from: m.importedFrom as unknown as ImportSource }
        : { kind: "requested" },
    approvals: m.approvals.map((a) => ({ approver: a.approver.username, at: a.createdAt.toISOString(), comment: a.comment })),
    events: events.map((e) => ({ id: e.id.toString(), at: e.at.toISOString(), actor: e.actorLabel, action: e.action, data: e.data as Record<string, unknown> })),
  };
}

/** Who requested a mapping (the rule table's resource facts), or {} when there is no such mapping. */
export async function mappingOwnership(mappingId: string): Promise<{ ownerId?: string; requesterId?: string }> {
  const m = await getDb().mapping.findUnique({ where: { id: mappingId }, select: { requesterId: true } });
  return m ? { ownerId: m.requesterId, requesterId: m.requesterId } : {};
}
