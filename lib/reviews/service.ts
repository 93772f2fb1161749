/**
 * Access reviews applied: open a review over the active mappings in scope, decide items (keep, or
 * revoke through the approval workflow's revoke), close, remind, report. Every change happens in
 * one transaction with its audit event, under the review's row lock. The rules are the pure state
 * machine in ./transitions.ts; who may do what is the rule table's (`reviews.*`).
 *
 * Notifications (lib/notify): "review opened" is enqueued in the transaction that opens the review,
 * "due soon" and "overdue" in the transaction that claims the reminder (once per review); the
 * events are built by ./notices.ts.
 */
import "server-only";
import { revokeMapping } from "@/lib/approvals/service";
import { appendAuditEvent } from "@/lib/audit/service";
import { getDb } from "@/lib/db/client";
import type { Tx } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";
import { AppError, badInput, notFound } from "@/lib/errors";
import { checkSelectorFromStore } from "@/lib/gitlab-facts/service";
import { gitlabSource } from "@/lib/gitlab/connection";
import { activeMappingWhere, selectorOf } from "@/lib/mappings/model";
import { ZItemEvidence, ZMappingSnapshot, type TCloseReviewInput, type TDecideItemInput, type TOpenReviewInput } from "@/lib/schemas/reviews";
import { mappingUsageViews } from "@/lib/usage/service";
import type { CurrentUser } from "@/lib/users/current-user";
import { evidenceLine, gitlabEvidence, itemEvidence, revokeReasonOf, type ItemEvidence } from "./evidence";
import { actorOf, type Actor } from "@/lib/notify/events";
import { notifyInTx } from "@/lib/notify/service";
import { itemHolders, remindersDue, reviewEvent, type ReviewEvent } from "./notices";
import { reviewReportCsv, reviewReportFileName } from "./report";
import * as store from "./store";
import * as rules from "./transitions";
import type { MappingSnapshot, ReviewDetailView, ReviewItemView, ReviewPageView, ReviewScope, ReviewsAwaitingView, ReviewSummaryView } from "./views";
import { REGISTERED_ROLE } from "@/lib/settings/registration";

export const REVIEW_PAGE_SIZE = 50;

/** The actor of the scheduled reminders. */
const SYSTEM: Actor = { id: null, label: "system" };

/** A plain JSON value for a Json column or audit data (the views hold only JSON-safe fields). */
function toJson<T extends object>(value: T): Prisma.InputJsonObject {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonObject;
}

function orRefuse<T extends { ok: boolean }>(t: T | { ok: false; refusal: rules.ReviewRefusal }): T {
  if (!t.ok) {
    const { refusal } = t as { ok: false; refusal: rules.ReviewRefusal };
    const code = refusal.code === "SELF_CERTIFICATION" ? "FORBIDDEN" : refusal.code === "REASON_REQUIRED" || refusal.code === "DUE_NOT_FUTURE" || refusal.code === "EMPTY_SCOPE" ? "BAD_INPUT" : "CONFLICT";
    throw new AppError(code, refusal.message, { details: { refusal: refusal.code } });
  }
  return t as T;
}

function scopeOf(value: unknown): ReviewScope {
  const s = (value ?? {}) as Partial<ReviewScope>;
  return { roleIds: Array.isArray(s.roleIds) ? s.roleIds.map(String) : [], accountIds: Array.isArray(s.accountIds) ? s.accountIds.map(String) : [] };
}

function summaryOf(row: store.ReviewRow, counts: { total: number; kept: number; revoked: number }, now: Date): ReviewSummaryView {
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    scope: scopeOf(row.scope),
    dueAt: row.dueAt.toISOString(),
    openedAt: row.openedAt.toISOString(),
    openedBy: row.openedBy.username,
    closedAt: row.closedAt?.toISOString() ?? null,
    closedBy: row.closedBy?.username ?? null,
    progress: rules.reviewProgress(row, counts, now),
  };
}

function itemView(row: store.ItemRow, review: { dueAt: Date }, names: ReadonlyMap<string, string>, now: Date): ReviewItemView {
  const mapping = ZMappingSnapshot.parse(row.mappingSnapshot) as MappingSnapshot;
  return {
    id: row.id,
    mappingId: row.mappingId,
    mapping,
    mappingStatus: row.mapping.status,
    holders: row.holderIds.map((id) => names.get(id) ?? id),
    ageDays: rules.ageInDays(row.mapping.createdAt, row.decidedAt ?? now),
    decision: row.decision,
    reason: row.reason,
    decidedBy: row.decidedBy?.username ?? null,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    evidence: row.evidence === null ? null : (ZItemEvidence.parse(row.evidence) as ItemEvidence),
    overdue: rules.itemOverdue(review, row, now),
  };
}

async function loadReviewOrThrow(db: Tx | ReturnType<typeof getDb>, id: string): Promise<store.ReviewRow> {
  const row = await db.accessReview.findUnique({ where: { id }, select: store.REVIEW_SELECT });
  if (!row) throw notFound("No such access review.");
  return row;
}

async function summary(db: Tx | ReturnType<typeof getDb>, row: store.ReviewRow, now: Date): Promise<ReviewSummaryView> {
  const counts = (await store.decisionCounts(db, [row.id])).get(row.id)!;
  return summaryOf(row, counts, now);
}

/** The users who may decide items (approvers and admins), for the holders of each item. */
async function deciders(db: Tx | ReturnType<typeof getDb>) {
  return db.user.findMany({ where: { role: { in: ["approver", "admin"] } }, select: { id: true, username: true, role: true }, orderBy: { username: "asc" } });
}

/**
 * Open a review over the active mappings of the chosen roles and accounts (none chosen: every
 * active mapping), due at `dueAt`. Each mapping becomes an item with its requester, approvers and
 * the people asked to decide it; `review.opened` is audited with the items' count.
 */
export async function openReview(actor: CurrentUser, input: TOpenReviewInput, now = new Date()): Promise<{ id: string; items: number; dueAt: string }> {
  const db = getDb();
  const dueAt = rules.dueAtOf(input.dueAt);
  if (Number.isNaN(dueAt.getTime())) throw badInput("The due date is not a date.");
  const roleIds = [...new Set(input.roleIds)];
  const accountIds = [...new Set(input.accountIds)];
  const [roles, accounts] = await Promise.all([
    roleIds.length ? db.iamRole.findMany({ where: { ...REGISTERED_ROLE, id: { in: roleIds } }, select: { id: true } }) : [],
    accountIds.length ? db.awsAccount.findMany({ where: { accountId: { in: accountIds } }, select: { accountId: true } }) : [],
  ]);
  const missingRoles = roleIds.filter((id) => !roles.some((r) => r.id === id));
  const missingAccounts = accountIds.filter((id) => !accounts.some((a) => a.accountId === id));
  if (missingRoles.length || missingAccounts.length) {
    throw badInput(`Not registered: ${[...missingRoles.map((r) => `role ${r}`), ...missingAccounts.map((a) => `account ${a}`)].join(", ")}.`);
  }
  const scoped = roleIds.length + accountIds.length > 0;
  const where = { ...activeMappingWhere(now), ...(scoped ? { OR: [{ roleId: { in: roleIds } }, { role: { awsAccount: { accountId: { in: accountIds } } } }] } : {}) };
  const [mappings, people] = await Promise.all([store.mappingsInScope(db, where), deciders(db)]);
  orRefuse(rules.checkOpen({ dueAt, now, mappings: mappings.length }));
  const title = input.title ?? `Access review ${now.toISOString().slice(0, 10)}`;
  const scope: ReviewScope = { roleIds, accountIds };

  return db.$transaction(async (tx) => {
    const review = await tx.accessReview.create({ data: { title, scope: { ...scope }, dueAt, openedById: actor.id, openedAt: now }, select: { id: true } });
    const items = mappings.map((m) => {
      const snapshot: MappingSnapshot = {
        scope: m.scope,
        gitlabPath: m.gitlabPath,
        refType: m.refType,
        refPattern: m.refPattern,
        environment: m.environment,
        audience: m.audience,
        role: { id: m.role.id, name: m.role.name, arn: m.role.arn },
        accountId: m.role.awsAccount.accountId,
        requester: { id: m.requesterId, username: m.requester.username },
        approvers: m.approvals.map((a) => a.approver.username),
        justification: m.justification,
        requestedAt: m.createdAt.toISOString(),
        approvedAt: m.decidedAt?.toISOString() ?? null,
      };
      return {
        reviewId: review.id,
        mappingId: m.id,
        requesterId: m.requesterId,
        holderIds: itemHolders({ requesterId: m.requesterId, approverIds: m.approvals.map((a) => a.approverId) }, people),
        mappingSnapshot: { ...snapshot },
      };
    });
    await tx.accessReviewItem.createMany({ data: items });
    await appendAuditEvent(tx, {
      actorId: actor.id,
      actorLabel: actor.username,
      action: "review.opened",
      resourceType: "access_review",
      resourceId: review.id,
      data: { title, scope: { ...scope }, dueAt: dueAt.toISOString(), items: items.length },
    });
    await notifyInTx(tx, { ...reviewEvent("review.opened", actorOf(actor), { review: { id: review.id, title, dueAt }, items }), at: now });
    return { id: review.id, items: items.length, dueAt: dueAt.toISOString() };
  });
}

/** Every review, newest first, with its progress. */
/** The dashboard's "review items wait for you": open reviews with items `userId` is asked to decide, soonest due first. */
export async function reviewItemsAwaiting(userId: string, now = new Date()): Promise<ReviewsAwaitingView> {
  const reviews = await store.itemsAwaiting(getDb(), userId);
  return {
    total: reviews.reduce((n, r) => n + r.items, 0),
    reviews: reviews.map((r) => ({ id: r.id, title: r.title, dueAt: r.dueAt.toISOString(), overdue: rules.itemOverdue(r, { decidedAt: null }, now), items: r.items })),
  };
}

export async function listReviews(now = new Date()): Promise<ReviewSummaryView[]> {
  const db = getDb();
  const rows = await db.accessReview.findMany({ select: store.REVIEW_SELECT, orderBy: [{ openedAt: "desc" }, { id: "desc" }], take: 200 });
  const counts = await store.decisionCounts(db, rows.map((r) => r.id));
  return rows.map((r) => summaryOf(r, counts.get(r.id)!, now));
}

/** A review with every item (`GET /api/v1/reviews/:id`, the report). */
export async function getReviewDetail(id: string, now = new Date()): Promise<ReviewDetailView> {
  const db = getDb();
  const row = await loadReviewOrThrow(db, id);
  const items = await db.accessReviewItem.findMany({ where: { reviewId: id }, select: store.ITEM_SELECT, orderBy: { id: "asc" } });
  const names = await store.usernames(db, items.flatMap((i) => i.holderIds));
  const views = items.map((i) => itemView(i, row, names, now)).sort(byMapping);
  return { review: await summary(db, row, now), items: views };
}

const byMapping = (a: ReviewItemView, b: ReviewItemView) =>
  a.mapping.role.arn.localeCompare(b.mapping.role.arn) || a.mapping.gitlabPath.localeCompare(b.mapping.gitlabPath) || a.mapping.refPattern.localeCompare(b.mapping.refPattern) || a.id.localeCompare(b.id);

/** Stored GitLab facts only: the review page and decisions never call GitLab. */
function factsOf(selector: Parameters<typeof checkSelectorFromStore>[0], now: Date) {
  return checkSelectorFromStore(selector, { connected: gitlabSource() !== null, now: () => now });
}

/**
 * One page of a review's items for its page: undecided first, and for undecided items on the page
 * their usage and GitLab facts as they are now (decided ones show what their decider saw).
 */
export async function reviewPage(id: string, options: { show?: ReviewPageView["show"]; page?: number } = {}, now = new Date()): Promise<ReviewPageView> {
  const db = getDb();
  const row = await loadReviewOrThrow(db, id);
  const show = options.show ?? "undecided";
  const where = { reviewId: id, ...(show === "undecided" ? { decision: null } : show === "decided" ? { decision: { not: null } } : {}) };
  const total = await db.accessReviewItem.count({ where });
  const page = Math.max(1, Math.min(options.page ?? 1, Math.max(1, Math.ceil(total / REVIEW_PAGE_SIZE))));
  const rows = await db.accessReviewItem.findMany({
    where,
    select: store.ITEM_SELECT,
    orderBy: [{ decidedAt: { sort: "desc", nulls: "first" } }, { mapping: { gitlabPath: "asc" } }, { id: "asc" }],
    skip: (page - 1) * REVIEW_PAGE_SIZE,
    take: REVIEW_PAGE_SIZE,
  });
  const names = await store.usernames(db, rows.flatMap((r) => r.holderIds));
  const undecided = rows.filter((r) => r.decision === null);
  const usage = await mappingUsageViews(undecided.map((r) => r.mappingId), now);
  const facts = new Map(await Promise.all(undecided.map(async (r) => [r.id, gitlabEvidence(await factsOf(selectorOf(r.mapping), now))] as const)));
  return {
    review: await summary(db, row, now),
    items: rows.map((r) => ({ ...itemView(r, row, names, now), live: r.decision === null ? { usage: usage[r.mappingId] ?? null, gitlab: facts.get(r.id)! } : null })),
    show,
    page,
    pageSize: REVIEW_PAGE_SIZE,
    total,
  };
}

/** Who requested the item's mapping, for the rule table (nobody certifies their own); {} when there is no such item. */
export async function reviewItemOwnership(reviewId: string, itemId: string): Promise<{ requesterId?: string }> {
  const item = await getDb().accessReviewItem.findUnique({ where: { id: itemId }, select: { reviewId: true, requesterId: true } });
  return item && item.reviewId === reviewId ? { requesterId: item.requesterId } : {};
}

/**
 * Keep or revoke one item, with a reason. The evidence (usage figures and stored GitLab facts) is
 * frozen on the item; a revoke goes through the approval workflow's revoke in the same
 * transaction (the next apply removes the grant), and both are audited there. The review closes by
 * itself with its last decision.
 */
export async function decideReviewItem(actor: CurrentUser, input: TDecideItemInput, now = new Date()): Promise<{ item: ReviewItemView; review: ReviewSummaryView; mappingRevoked: boolean }> {
  const db = getDb();
  const before = await db.accessReviewItem.findUnique({ where: { id: input.itemId }, select: { reviewId: true, mappingId: true, mapping: { select: { scope: true, gitlabPath: true, refType: true, refPattern: true, environment: true } } } });
  if (!before || before.reviewId !== input.reviewId) throw notFound("No such item in this review.");
  // What the decider sees, read just before the decision is taken (outside the locks: the usage
  // and facts queries are the slow part, and neither changes what the rules decide).
  const [usage, check] = await Promise.all([mappingUsageViews([before.mappingId], now), factsOf(selectorOf(before.mapping), now)]);
  const evidence = itemEvidence(usage[before.mappingId], check, now);

  return db.$transaction(async (tx) => {
    await store.lockReview(tx, input.reviewId);
    const review = await loadReviewOrThrow(tx, input.reviewId);
    const item = await tx.accessReviewItem.findUniqueOrThrow({ where: { id: input.itemId }, select: { ...store.ITEM_SELECT, mapping: { select: { ...store.ITEM_SELECT.mapping.select, role: { select: { arn: true, name: true } } } } } });
    const next = orRefuse(rules.decideItem({ reviewStatus: review.status, decision: item.decision, requesterId: item.requesterId, mappingStatus: item.mapping.status }, actor.id, input.decision, input.reason));
    if (next.revokeMapping) {
      await revokeMapping(actor, { mappingId: item.mappingId, reason: revokeReasonOf(review.title, next.decision, next.reason) }, now, tx);
    }
    await tx.accessReviewItem.update({ where: { id: item.id }, data: { decision: next.decision, reason: next.reason, decidedById: actor.id, decidedAt: now, evidence: toJson(evidence) } });
    await appendAuditEvent(tx, {
      actorId: actor.id,
      actorLabel: actor.username,
      action: "review.item_decided",
      resourceType: "access_review",
      resourceId: review.id,
      data: {
        review: review.title,
        itemId: item.id,
        mappingId: item.mappingId,
        role: item.mapping.role.arn,
        gitlabPath: item.mapping.gitlabPath,
        refType: item.mapping.refType,
        ref: item.mapping.refPattern,
        decision: next.decision,
        reason: next.reason,
        mappingRevoked: next.revokeMapping,
        mappingStatus: next.revokeMapping ? "revoked" : item.mapping.status,
        overdue: now.getTime() > review.dueAt.getTime(),
        evidence: toJson(evidence),
        evidenceSummary: evidenceLine(evidence),
      },
    });
    const counts = (await store.decisionCounts(tx, [review.id])).get(review.id)!;
    let closed = review;
    if (counts.kept + counts.revoked === counts.total) {
      closed = await tx.accessReview.update({ where: { id: review.id }, data: { status: "closed", closedAt: now }, select: store.REVIEW_SELECT });
      await auditClosed(tx, actor, review, counts, "last item decided");
    }
    const fresh = await tx.accessReviewItem.findUniqueOrThrow({ where: { id: item.id }, select: store.ITEM_SELECT });
    const names = await store.usernames(tx, fresh.holderIds);
    return { item: itemView(fresh, review, names, now), review: summaryOf(closed, counts, now), mappingRevoked: next.revokeMapping };
  });
}

/** `review.closed`, with how it closed and its decisions' counts. */
function auditClosed(tx: Tx, actor: CurrentUser, review: { id: string; title: string }, counts: { total: number; kept: number; revoked: number }, how: "last item decided" | "closed by hand") {
  return appendAuditEvent(tx, {
    actorId: actor.id,
    actorLabel: actor.username,
    action: "review.closed",
    resourceType: "access_review",
    resourceId: review.id,
    data: { review: review.title, how, kept: counts.kept, revoked: counts.revoked, undecided: counts.total - counts.kept - counts.revoked },
  });
}

/** Close a review before every item is decided (its opener's role: auditor or admin); undecided items stay so in the report. */
export async function closeReview(actor: CurrentUser, input: TCloseReviewInput, now = new Date()): Promise<ReviewSummaryView> {
  return getDb().$transaction(async (tx) => {
    await store.lockReview(tx, input.reviewId);
    const review = await loadReviewOrThrow(tx, input.reviewId);
    orRefuse(rules.closeReview(review));
    const closed = await tx.accessReview.update({ where: { id: review.id }, data: { status: "closed", closedAt: now, closedById: actor.id }, select: store.REVIEW_SELECT });
    const counts = (await store.decisionCounts(tx, [review.id])).get(review.id)!;
    await auditClosed(tx, actor, review, counts, "closed by hand");
    return summaryOf(closed, counts, now);
  });
}

/**
 * The daily reminder (job `reviews-remind`): for each open review due within DUE_SOON_DAYS days or
 * overdue, once each, the holders of its undecided items. Marks the review in the same transaction
 * as the notice, so two runners never remind twice. Returns the notices.
 */
export async function remindReviewers(now = new Date()): Promise<ReviewEvent[]> {
  const db = getDb();
  const open = await db.accessReview.findMany({ where: { status: "open" }, select: store.REVIEW_SELECT });
  const counts = await store.decisionCounts(db, open.map((r) => r.id));
  const notices: ReviewEvent[] = [];
  for (const review of open) {
    const c = counts.get(review.id)!;
    for (const kind of remindersDue({ ...review, undecided: c.total - c.kept - c.revoked }, now)) {
      const notice = await db.$transaction(async (tx) => {
        const marker = kind === "due_soon" ? "dueSoonNotifiedAt" : "overdueNotifiedAt";
        const claimed = await tx.accessReview.updateMany({ where: { id: review.id, status: "open", [marker]: null }, data: { [marker]: now } });
        if (claimed.count === 0) return null;
        const items = await tx.accessReviewItem.findMany({ where: { reviewId: review.id, decision: null }, select: { holderIds: true } });
        const event = reviewEvent(kind === "due_soon" ? "review.due_soon" : "review.overdue", SYSTEM, { review, items });
        await notifyInTx(tx, { ...event, at: now });
        return event;
      });
      if (notice) notices.push(notice);
    }
  }
  return notices;
}

/** The report of a review: every item with its decision and the evidence it was made on. */
export async function reviewReport(id: string, now = new Date()): Promise<{ view: ReviewDetailView; csv: string; fileName: string }> {
  const view = await getReviewDetail(id, now);
  return { view, csv: reviewReportCsv(view), fileName: reviewReportFileName(view) };
}

/** Roles and accounts to choose a review's scope from (the open-review form). */
export async function reviewScopeChoices(now = new Date()) {
  const db = getDb();
  /** The form's default due date: two weeks from now (YYYY-MM-DD). */
  const defaultDue = new Date(now.getTime() + 14 * 86_400_000).toISOString().slice(0, 10);
  const [roles, accounts] = await Promise.all([
    db.iamRole.findMany({ where: REGISTERED_ROLE, select: { id: true, name: true, arn: true }, orderBy: { arn: "asc" } }),
    db.awsAccount.findMany({ select: { accountId: true, name: true, sandbox: true }, orderBy: { accountId: "asc" } }),
  ]);
  return { roles, accounts, defaultDue };
}
