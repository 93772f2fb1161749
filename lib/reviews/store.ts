/**
 * Row queries of the access-reviews domain. Only lib/reviews/service.ts calls these.
 */
import "server-only";
import type { DbOrTx, Tx } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";

export const ITEM_SELECT = {
  id: true,
  reviewId: true,
  mappingId: true,
  requesterId: true,
  holderIds: true,
  mappingSnapshot: true,
  decision: true,
  reason: true,
  decidedAt: true,
  evidence: true,
  decidedBy: { select: { username: true } },
  mapping: { select: { status: true, createdAt: true, scope: true, gitlabPath: true, refType: true, refPattern: true, environment: true } },
} as const satisfies Prisma.AccessReviewItemSelect;

export type ItemRow = Prisma.AccessReviewItemGetPayload<{ select: typeof ITEM_SELECT }>;

export const REVIEW_SELECT = {
  id: true,
  title: true,
  status: true,
  scope: true,
  dueAt: true,
  openedAt: true,
  closedAt: true,
  dueSoonNotifiedAt: true,
  overdueNotifiedAt: true,
  openedBy: { select: { username: true } },
  closedBy: { select: { username: true } },
} as const satisfies Prisma.AccessReviewSelect;

export type ReviewRow = Prisma.AccessReviewGetPayload<{ select: typeof REVIEW_SELECT }>;

/** Kept and revoked counts and the total, per review. */
export async function decisionCounts(db: DbOrTx, reviewIds: readonly string[]): Promise<Map<string, { total: number; kept: number; revoked: number }>> {
  const rows = await db.accessReviewItem.groupBy({ by: ["reviewId", "decision"], where: { reviewId: { in: [...reviewIds] } }, _count: { _all: true } });
  const out = new Map<string, { total: number; kept: number; revoked: number }>();
  for (const id of reviewIds) out.set(id, { total: 0, kept: 0, revoked: 0 });
  for (const row of rows) {
    const c = out.get(row.reviewId)!;
    c.total += row._count._all;
    if (row.decision === "keep") c.kept += row._count._all;
    if (row.decision === "revoke") c.revoked += row._count._all;
  }
  return out;
}

/** Usernames of these users. */
export async function usernames(db: DbOrTx, ids: Iterable<string>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, username: true } });
  return new Map(users.map((u) => [u.id, u.username]));
}

/** Lock a review's row for the rest of the transaction: decisions on one review are taken one at a time. */
export async function lockReview(tx: Tx, reviewId: string): Promise<void> {
  await tx.$queryRaw`select id from access_reviews where id = ${reviewId}::uuid for update`;
}

/** Per open review, how many undecided items `userId` is asked to decide (items of their own requests never count). */
export async function itemsAwaiting(db: DbOrTx, userId: string): Promise<{ id: string; title: string; dueAt: Date; items: number }[]> {
  const counts = await db.accessReviewItem.groupBy({
    by: ["reviewId"],
    where: { decision: null, holderIds: { has: userId }, requesterId: { not: userId }, review: { status: "open" } },
    _count: { _all: true },
  });
  if (counts.length === 0) return [];
  const reviews = await db.accessReview.findMany({ where: { id: { in: counts.map((c) => c.reviewId) } }, select: { id: true, title: true, dueAt: true } });
  const items = new Map(counts.map((c) => [c.reviewId, c._count._all]));
  return reviews.map((r) => ({ ...r, items: items.get(r.id) ?? 0 })).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id.localeCompare(b.id));
}

/** The mappings a review opens with: active ones, of the chosen roles or accounts (none chosen: all). */
export function mappingsInScope(db: DbOrTx, where: Prisma.MappingWhereInput) {
  return db.mapping.findMany({
    where,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      scope: true,
      gitlabPath: true,
      refType: true,
      refPattern: true,
      environment: true,
      audience: true,
      justification: true,
      createdAt: true,
      decidedAt: true,
      requesterId: true,
      requester: { select: { username: true } },
      role: { select: { id: true, name: true, arn: true, awsAccount: { select: { accountId: true } } } },
      approvals: { select: { approverId: true, approver: { select: { username: true } } }, orderBy: { createdAt: "asc" } },
    },
  });
}
