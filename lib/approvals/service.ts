/**
 * The approval workflow applied: approve, reject, revoke, withdraw and expire, each under the
 * mapping's row lock with its audit event in the same transaction, and the approvers' queue.
 * The rules themselves are the pure state machine in ./transitions.ts.
 */
import "server-only";
import { appendAuditEvent } from "@/lib/audit/service";
import { getDb } from "@/lib/db/client";
import type { DbOrTx, Tx } from "@/lib/db/prisma";
import { AppError, notFound } from "@/lib/errors";
import { recordApprovalBaselines } from "@/lib/gitlab-facts/service";
import { mappingAuditData, type MappingRow } from "@/lib/mappings/rows";
import { countMappings, findMappingRows } from "@/lib/mappings/service";
import type { MappingReview } from "@/lib/requests/preview";
import { reviewMappings } from "@/lib/requests/service";
import type { TApproveInput, TRejectInput, TRevokeInput } from "@/lib/schemas/requests";
import type { CurrentUser } from "@/lib/users/current-user";
import * as rules from "./transitions";

/** Lock the mapping's row for the rest of the transaction and read its workflow state. */
async function lockMapping(tx: Tx, mappingId: string) {
  await tx.$queryRaw`select id from mappings where id = ${mappingId}::uuid for update`;
  const mapping = await tx.mapping.findUnique({
    where: { id: mappingId },
    include: { approvals: { select: { approverId: true } }, role: { select: { arn: true, name: true } } },
  });
  if (!mapping) throw notFound("No such request or mapping.");
  const state: rules.WorkflowState = {
    status: mapping.status,
    requesterId: mapping.requesterId,
    requiredApprovals: mapping.requiredApprovals,
    approverIds: mapping.approvals.map((a) => a.approverId),
    expiresAt: mapping.expiresAt,
  };
  return { mapping, state };
}

function orRefuse(t: rules.Transition): Extract<rules.Transition, { ok: true }> {
  if (!t.ok) throw new AppError(t.refusal.code === "SELF_APPROVAL" || t.refusal.code === "NOT_REQUESTER" ? "FORBIDDEN" : "CONFLICT", t.refusal.message, { details: { refusal: t.refusal.code } });
  return t;
}

export interface DecisionOutcome {
  id: string;
  status: rules.MappingStatus;
  approvalsRemaining: number;
}

/** One approval, under the row lock: two approvers racing cannot both be "the last one" or skip the second. */
export async function approveRequest(actor: CurrentUser, input: TApproveInput, now = new Date()): Promise<DecisionOutcome> {
  return getDb().$transaction(async (tx) => {
    const { mapping, state } = await lockMapping(tx, input.mappingId);
    const next = orRefuse(rules.approve(state, actor.id, now));
    await tx.mappingApproval.create({ data: { mappingId: mapping.id, approverId: actor.id, comment: input.comment } });
    if (next.status !== mapping.status) await tx.mapping.update({ where: { id: mapping.id }, data: { status: next.status, decidedAt: now } });
    // GitLab's side as approved: the drift check reports what changes after this moment.
    if (next.status === "approved" && mapping.status !== "approved") await recordApprovalBaselines(tx, mapping, now);
    await appendAuditEvent(tx, {
      actorId: actor.id,
      actorLabel: actor.username,
      action: "mapping.approved",
      resourceType: "mapping",
      resourceId: mapping.id,
      data: { ...mappingAuditData(mapping, mapping.role), approvals: next.approverIds.length, approvalsRemaining: next.approvalsRemaining, status: next.status, comment: input.comment },
    });
    return { id: mapping.id, status: next.status, approvalsRemaining: next.approvalsRemaining };
  });
}

async function decide(
  actor: CurrentUser,
  mappingId: string,
  action: "mapping.rejected" | "mapping.revoked" | "mapping.withdrawn",
  transition: (state: rules.WorkflowState) => rules.Transition,
  now: Date,
): Promise<DecisionOutcome> {
  return getDb().$transaction(async (tx) => {
    const { mapping, state } = await lockMapping(tx, mappingId);
    const next = orRefuse(transition(state));
    const decided = action === "mapping.withdrawn" ? {} : { decidedById: actor.id, decisionReason: next.decisionReason };
    await tx.mapping.update({ where: { id: mapping.id }, data: { status: next.status, decidedAt: now, ...decided } });
    await appendAuditEvent(tx, {
      actorId: actor.id,
      actorLabel: actor.username,
      action,
      resourceType: "mapping",
      resourceId: mapping.id,
      data: { ...mappingAuditData(mapping, mapping.role), from: mapping.status, status: next.status, reason: next.decisionReason },
    });
    return { id: mapping.id, status: next.status, approvalsRemaining: next.approvalsRemaining };
  });
}

export function rejectRequest(actor: CurrentUser, input: TRejectInput, now = new Date()) {
  return decide(actor, input.mappingId, "mapping.rejected", (s) => rules.reject(s, actor.id, input.reason), now);
}

export function revokeMapping(actor: CurrentUser, input: TRevokeInput, now = new Date()) {
  return decide(actor, input.mappingId, "mapping.revoked", (s) => rules.revoke(s, input.reason), now);
}

export function withdrawRequest(actor: CurrentUser, mappingId: string, now = new Date()) {
  return decide(actor, mappingId, "mapping.withdrawn", (s) => rules.withdraw(s, actor.id, actor.role === "admin"), now);
}

/**
 * Expire every pending or approved mapping whose expiry has passed: status `expired`, one
 * `mapping.expired` event each, actor "system". Idempotent (an expired mapping is not due again)
 * and safe to run concurrently (rows another run holds are skipped). The next reconcile removes
 * expired grants from IAM, since desired state holds only approved, unexpired mappings.
 */
export async function expireDueMappings(now: Date = new Date(), db: DbOrTx = getDb()): Promise<{ expired: string[] }> {
  const run = async (tx: Tx) => {
    const due = await tx.$queryRaw<{ id: string }[]>`
      select id from mappings
       where status in ('requested', 'approved') and expires_at is not null and expires_at <= ${now}
       order by expires_at, id
       for update skip locked`;
    const expired: string[] = [];
    for (const { id } of due) {
      const mapping = await tx.mapping.findUniqueOrThrow({ where: { id }, include: { approvals: { select: { approverId: true } }, role: { select: { arn: true, name: true } } } });
      const next = rules.expire({ status: mapping.status, requesterId: mapping.requesterId, requiredApprovals: mapping.requiredApprovals, approverIds: mapping.approvals.map((a) => a.approverId), expiresAt: mapping.expiresAt }, now);
      if (!next.ok) continue;
      await tx.mapping.update({ where: { id }, data: { status: "expired", decidedAt: now, decisionReason: "Expiry passed" } });
      await appendAuditEvent(tx, {
        actorId: null,
        actorLabel: "system",
        action: "mapping.expired",
        resourceType: "mapping",
        resourceId: id,
        data: { ...mappingAuditData(mapping, mapping.role), from: mapping.status, expiresAt: mapping.expiresAt?.toISOString() ?? null },
      });
      expired.push(id);
    }
    return { expired };
  };
  return "$transaction" in db ? db.$transaction(run) : run(db);
}

/**
 * Pending requests, high risk first, then oldest first, each with what the approver decides on
 * (lib/requests/preview.ts MappingReview: sub patterns, the trust-policy diff, size, lint, GitLab's
 * side and the risk's reasons).
 */
export async function listApprovalQueue(take = 100): Promise<{ rows: (MappingRow & { review: MappingReview | null })[]; total: number; asOf: number }> {
  const where = { status: "requested" as const };
  const [rows, total] = await Promise.all([
    findMappingRows({ where, orderBy: [{ riskTier: "asc" }, { createdAt: "asc" }, { id: "asc" }], take }),
    countMappings(where),
  ]);
  const reviews = await reviewMappings(rows.map((r) => r.id));
  return { rows: rows.map((r) => ({ ...r, review: reviews.get(r.id) ?? null })), total, asOf: Date.now() };
}
