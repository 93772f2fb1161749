/**
 * Mapping lists, one mapping's detail and who owns a mapping: the mapping rows every workflow page
 * shows. The requests and approvals services list through findMappingRows, so a row looks the same
 * on every page.
 */
import "server-only";
import { getDb } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { TMappingFilters } from "@/lib/schemas/requests";
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

/** All mappings, filtered and paginated on the server. */
export async function listMappings(filters: TMappingFilters): Promise<{ rows: MappingRow[]; total: number; page: number; pageSize: number }> {
  const where: Prisma.MappingWhereInput = {
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.roleId ? { roleId: filters.roleId } : {}),
    ...(filters.risk ? { riskTier: filters.risk } : {}),
    ...(filters.path ? { OR: [{ gitlabPath: { contains: filters.path, mode: "insensitive" as const } }, { refPattern: { contains: filters.path, mode: "insensitive" as const } }] } : {}),
  };
  const page = filters.page;
  const [rows, total] = await Promise.all([
    findMappingRows({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (page - 1) * MAPPINGS_PAGE_SIZE, take: MAPPINGS_PAGE_SIZE }),
    countMappings(where),
  ]);
  return { rows, total, page, pageSize: MAPPINGS_PAGE_SIZE };
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
