/**
 * The approval workflow applied: approve, reject, revoke, withdraw and expire, each under the
 * mapping's row lock with its audit event and its notification (lib/notify, an outbox row per
 * recipient) in the same transaction, and the approvers' queue. The rules themselves are the pure
 * state machine in ./transitions.ts.
 */
import "server-only";
import { appendAuditEvent } from "@/lib/audit/service";
import { getDb } from "@/lib/db/client";
import type { Db, DbOrTx, Tx } from "@/lib/db/prisma";
import { AppError, notFound } from "@/lib/errors";
import { mappingAuditData, type MappingRow } from "@/lib/mappings/rows";
import { countMappings, findMappingRows } from "@/lib/mappings/service";
import { actorOf, mappingFactsOf, type Actor } from "@/lib/notify/events";
import { notifyInTx } from "@/lib/notify/service";
import type { TApproveInput, TRejectInput, TRevokeInput } from "@/lib/schemas/requests";
import type { CurrentUser } from "@/lib/users/current-user";
import * as rules from "./transitions";

/** What the workflow reads with a mapping: its approvals, its role, and who requested it (for messages). */
const WORKFLOW_INCLUDE = {
  approvals: { select: { approverId: true }, orderBy: { createdAt: "asc" } },
  role: { select: { arn: true, name: true } },
  requester: { select: { username: true } },
} as const;

/** The scheduled jobs and the page loads that expire mappings act as the system. */
const SYSTEM: Actor = { id: null, label: "system" };

function stateOf(mapping: { status: rules.MappingStatus; requesterId: string; requiredApprovals: number; approvals: { approverId: string }[]; expiresAt: Date | null }): rules.WorkflowState {
  return {
    status: mapping.status,
    requesterId: mapping.requesterId,
    requiredApprovals: mapping.requiredApprovals,
    approverIds: mapping.approvals.map((a) => a.approverId),
    expiresAt: mapping.expiresAt,
  };
}

/** Lock the mapping's row for the rest of the transaction and read its workflow state. */
async function lockMapping(tx: Tx, mappingId: string) {
  await tx.$queryRaw`select id from mappings where id = ${mappingId}::uuid for update`;
  const mapping = await tx.mapping.findUnique({ where: { id: mappingId }, include: WORKFLOW_INCLUDE });
  if (!mapping) throw notFound("No such request or mapping.");
  return { mapping, state: stateOf(mapping) };
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
    await appendAuditEvent(tx, {
      actorId: actor.id,
      actorLabel: actor.username,
      action: "mapping.approved",
      resourceType: "mapping",
      resourceId: mapping.id,
      data: { ...mappingAuditData(mapping, mapping.role), approvals: next.approverIds.length, approvalsRemaining: next.approvalsRemaining, status: next.status, comment: input.comment },
    });
    const facts = mappingFactsOf(mapping, next.approverIds);
    await notifyInTx(
      tx,
      next.status === "approved"
        ? { kind: "request.approved", actor: actorOf(actor), data: { ...facts, expiresAt: mapping.expiresAt?.toISOString() ?? null } }
        : { kind: "request.approval_recorded", actor: actorOf(actor), data: { ...facts, approvalsRemaining: next.approvalsRemaining } },
    );
    return { id: mapping.id, status: next.status, approvalsRemaining: next.approvalsRemaining };
  });
}

async function decide(
  actor: CurrentUser,
  mappingId: string,
  action: "mapping.rejected" | "mapping.revoked" | "mapping.withdrawn",
  transition: (state: rules.WorkflowState) => rules.Transition,
  now: Date,
  inTx?: Tx,
): Promise<DecisionOutcome> {
  const run = async (tx: Tx) => {
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
    const facts = mappingFactsOf(mapping, next.approverIds);
    const by = actorOf(actor);
    await notifyInTx(
      tx,
      action === "mapping.withdrawn"
        ? { kind: "request.withdrawn", actor: by, data: facts }
        : { kind: action === "mapping.rejected" ? "request.rejected" : "mapping.revoked", actor: by, data: { ...facts, reason: next.decisionReason ?? "" } },
    );
    return { id: mapping.id, status: next.status, approvalsRemaining: next.approvalsRemaining };
  };
  return inTx ? run(inTx) : getDb().$transaction(run);
}

export function rejectRequest(actor: CurrentUser, input: TRejectInput, now = new Date()) {
  return decide(actor, input.mappingId, "mapping.rejected", (s) => rules.reject(s, actor.id, input.reason), now);
}

/**
 * Revoke an approved mapping (the next apply removes it from IAM). `tx`: inside the caller's
 * transaction, so a change that revokes as part of itself (an access review's decision) commits
 * or fails with the revoke and both audit events.
 */
export function revokeMapping(actor: CurrentUser, input: TRevokeInput, now = new Date(), tx?: Tx) {
  return decide(actor, input.mappingId, "mapping.revoked", (s) => rules.revoke(s, input.reason), now, tx);
}

export function withdrawRequest(actor: CurrentUser, mappingId: string, now = new Date()) {
  return decide(actor, mappingId, "mapping.withdrawn", (s) => rules.withdraw(s, actor.id, actor.role === "admin"), now);
}

/**
 * Expire every pending or approved mapping whose expiry has passed: status `expired`, one
 * `mapping.expired` audit event and notification each, actor "system". Idempotent (an expired
 * mapping is not due again) and safe to run concurrently (rows another run holds are skipped), so
 * both the schedule (./jobs.ts) and the pages that list mappings run it. The next reconcile
 * removes expired grants from IAM, since desired state holds only approved, unexpired mappings.
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
      const mapping = await tx.mapping.findUniqueOrThrow({ where: { id }, include: WORKFLOW_INCLUDE });
      const next = rules.expire(stateOf(mapping), now);
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
      await notifyInTx(tx, { kind: "mapping.expired", actor: SYSTEM, data: { ...mappingFactsOf(mapping), expiresAt: (mapping.expiresAt ?? now).toISOString() } });
      expired.push(id);
    }
    return { expired };
  };
  return "$transaction" in db ? db.$transaction(run) : run(db);
}

/** How long before its expiry an approved mapping's people are told it ends (the `mapping.expiring` event). */
export const EXPIRY_WARNING_DAYS = 7;

/**
 * Tell the requester and approvers of each approved mapping that expires within the next 7 days,
 * once per mapping: the row's `expiry_warned_at` is set in the transaction that enqueues the
 * notification, so a second run (or another instance's run) finds nothing to announce. Rows
 * another run holds are skipped, not waited for.
 */
export async function announceExpiringMappings(now: Date = new Date(), db: Db = getDb()): Promise<{ announced: string[] }> {
  const horizon = new Date(now.getTime() + EXPIRY_WARNING_DAYS * 24 * 60 * 60 * 1000);
  return db.$transaction(async (tx) => {
    const due = await tx.$queryRaw<{ id: string }[]>`
      select id from mappings
       where status = 'approved' and expiry_warned_at is null and expires_at > ${now} and expires_at <= ${horizon}
       order by expires_at, id
       for update skip locked`;
    const announced: string[] = [];
    for (const { id } of due) {
      const mapping = await tx.mapping.findUniqueOrThrow({ where: { id }, include: WORKFLOW_INCLUDE });
      // A raw update: being announced is not a change to the mapping (updated_at stays).
      await tx.$executeRaw`update mappings set expiry_warned_at = ${now} where id = ${id}::uuid`;
      await notifyInTx(tx, { kind: "mapping.expiring", actor: SYSTEM, data: { ...mappingFactsOf(mapping), expiresAt: mapping.expiresAt!.toISOString() } });
      announced.push(id);
    }
    return { announced };
  });
}

/** Pending requests, high risk first, then oldest first. */
export async function listApprovalQueue(take = 100): Promise<{ rows: MappingRow[]; total: number; asOf: number }> {
  const where = { status: "requested" as const };
  const [rows, total] = await Promise.all([
    findMappingRows({ where, orderBy: [{ riskTier: "asc" }, { createdAt: "asc" }, { id: "asc" }], take }),
    countMappings(where),
  ]);
  return { rows, total, asOf: Date.now() };
}

/**
 * Pending requests `userId` can still approve, as the queue orders them (high risk first, then
 * oldest): not their own, not already approved by them, not expired — the refusals of
 * ./transitions.ts approve() (SELF_APPROVAL, ALREADY_APPROVED, EXPIRED) as a query.
 */
export async function listAwaitingDecision(userId: string, take = 5, now = new Date()): Promise<{ rows: MappingRow[]; total: number }> {
  const where = {
    status: "requested" as const,
    requesterId: { not: userId },
    approvals: { none: { approverId: userId } },
    OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
  };
  const [rows, total] = await Promise.all([findMappingRows({ where, orderBy: [{ riskTier: "asc" }, { createdAt: "asc" }, { id: "asc" }], take }), countMappings(where)]);
  return { rows, total };
}
