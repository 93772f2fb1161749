import "server-only";
import { activeMappingWhere, providerArnOf, toPolicyMapping } from "@/lib/mappings/model";
import { getDb } from "./client";
import type { DbOrTx, Tx } from "./prisma";
import type { Prisma } from "@/lib/generated/prisma/client";
import { appendAuditEvent } from "@/lib/audit/service";
import { AppError, notFound } from "@/lib/errors";
import { previewRequest, type RequestDraft, type RequestPreview, type RoleContext } from "@/lib/approvals/preview";
import * as rules from "@/lib/approvals/transitions";
import type { CurrentUser } from "@/lib/users/current-user";
import type { TApproveInput, TCreateRequestInput, TMappingFilters, TRejectInput, TRevokeInput } from "@/lib/schemas/requests";
import { gitlabPathProblem } from "./gitlab-path-check";

export const MAPPINGS_PAGE_SIZE = 50;

/** Roles a request can target, with what the form needs to know about each. */
export async function listRoleOptions() {
  const roles = await getDb().iamRole.findMany({
    orderBy: [{ awsAccount: { name: "asc" } }, { name: "asc" }],
    select: { id: true, name: true, arn: true, production: true, trustPolicyQuota: true, awsAccount: { select: { accountId: true, name: true, audiences: true } } },
  });
  return roles.map((r) => ({
    id: r.id,
    name: r.name,
    arn: r.arn,
    production: r.production,
    quota: r.trustPolicyQuota,
    accountId: r.awsAccount.accountId,
    accountName: r.awsAccount.name,
    audiences: r.awsAccount.audiences,
  }));
}
export type RoleOption = Awaited<ReturnType<typeof listRoleOptions>>[number];


/** A role, its account and its approved, unexpired mappings, as the preview takes them. */
export async function loadRoleContext(db: DbOrTx, roleId: string, now: Date): Promise<RoleContext & { id: string; name: string }> {
  const role = await db.iamRole.findUnique({
    where: { id: roleId },
    include: { awsAccount: true, mappings: { where: activeMappingWhere(now), orderBy: { id: "asc" } } },
  });
  if (!role) throw notFound("No such role.");
  const account = role.awsAccount;
  const providerArn = providerArnOf(account);
  return {
    id: role.id,
    name: role.name,
    arn: role.arn,
    production: role.production,
    quota: role.trustPolicyQuota,
    actualTrustPolicy: role.actualTrustPolicy ?? null,
    account: { providerArn, issuerUrl: account.issuerUrl, audiences: account.audiences, region: account.region },
    approved: role.mappings.map((m) => toPolicyMapping(m, providerArn)),
  };
}

function draftOf(input: Omit<TCreateRequestInput, "justification" | "expiresAt">): RequestDraft {
  return { scope: input.scope, gitlabPath: input.gitlabPath, refType: input.refType, refPattern: input.refPattern, environment: input.environment, audience: input.audience };
}

async function withGitLabCheck(preview: RequestPreview, draft: RequestDraft): Promise<RequestPreview> {
  if (preview.fieldErrors.gitlabPath) return preview;
  const problem = await gitlabPathProblem(draft.scope, draft.gitlabPath);
  return problem ? { ...preview, fieldErrors: { ...preview.fieldErrors, gitlabPath: [problem] } } : preview;
}

/** The live preview of a draft request (see lib/approvals/preview.ts). */
export async function previewDraft(input: Omit<TCreateRequestInput, "justification" | "expiresAt">, now = new Date()): Promise<RequestPreview> {
  const role = await loadRoleContext(getDb(), input.roleId, now);
  const draft = draftOf(input);
  return withGitLabCheck(previewRequest(draft, role), draft);
}

export type CreateRequestOutcome =
  | { created: true; id: string; riskTier: "normal" | "high"; requiredApprovals: number }
  | { created: false; fieldErrors: Record<string, string[]> };

function mappingAuditData(m: { gitlabPath: string; scope: string; refType: string; refPattern: string; environment: string | null; riskTier: string; requiredApprovals: number }, role: { arn: string; name: string }) {
  return { role: role.arn, roleName: role.name, gitlabPath: m.gitlabPath, scope: m.scope, refType: m.refType, ref: m.refPattern, environment: m.environment, riskTier: m.riskTier, requiredApprovals: m.requiredApprovals };
}

/**
 * File a request. The server recompiles it against the role (risk tier, policy size, lint) and
 * checks the path on the connected GitLab; nothing about risk is taken from the client.
 */
export async function createRequest(actor: CurrentUser, input: TCreateRequestInput, now = new Date()): Promise<CreateRequestOutcome> {
  const draft = draftOf(input);
  const role0 = await loadRoleContext(getDb(), input.roleId, now);
  const checked = await withGitLabCheck(previewRequest(draft, role0), draft);
  if (Object.keys(checked.fieldErrors).length > 0) return { created: false, fieldErrors: checked.fieldErrors };
  return getDb().$transaction(async (tx) => {
    const role = await loadRoleContext(tx, input.roleId, now);
    const preview = previewRequest(draft, role);
    if (Object.keys(preview.fieldErrors).length > 0 || !preview.risk) return { created: false as const, fieldErrors: preview.fieldErrors };
    const mapping = await tx.mapping.create({
      data: {
        scope: input.scope,
        gitlabPath: input.gitlabPath,
        refType: input.refType,
        refPattern: input.refPattern,
        environment: input.environment,
        roleId: role.id,
        audience: input.audience,
        requesterId: actor.id,
        justification: input.justification,
        expiresAt: input.expiresAt,
        riskTier: preview.risk.tier,
        requiredApprovals: preview.risk.requiredApprovals,
      },
    });
    await appendAuditEvent(tx, {
      actorId: actor.id,
      actorLabel: actor.username,
      action: "mapping.requested",
      resourceType: "mapping",
      resourceId: mapping.id,
      data: { ...mappingAuditData(mapping, role), subPatterns: preview.subPatterns, riskReasons: preview.risk.reasons, expiresAt: mapping.expiresAt?.toISOString() ?? null },
    });
    return { created: true as const, id: mapping.id, riskTier: preview.risk.tier, requiredApprovals: preview.risk.requiredApprovals };
  });
}

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

/** Who requested a mapping (the rule table's resource facts), or {} when there is no such mapping. */
export async function mappingOwnership(mappingId: string): Promise<{ ownerId?: string; requesterId?: string }> {
  const m = await getDb().mapping.findUnique({ where: { id: mappingId }, select: { requesterId: true } });
  return m ? { ownerId: m.requesterId, requesterId: m.requesterId } : {};
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

const LIST_SELECT = {
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

type ListedMapping = Prisma.MappingGetPayload<{ select: typeof LIST_SELECT }>;

/** Plain, serialisable rows for components. */
function toRow(m: ListedMapping) {
  return {
    id: m.id,
    scope: m.scope,
    gitlabPath: m.gitlabPath,
    refType: m.refType,
    refPattern: m.refPattern,
    environment: m.environment,
    audience: m.audience,
    status: m.status,
    justification: m.justification,
    requiredApprovals: m.requiredApprovals,
    riskTier: m.riskTier as "normal" | "high",
    expiresAt: m.expiresAt?.toISOString() ?? null,
    decisionReason: m.decisionReason,
    decidedAt: m.decidedAt?.toISOString() ?? null,
    createdAt: m.createdAt.toISOString(),
    role: m.role,
    requester: m.requester,
    approvers: m.approvals.map((a) => a.approver.username),
  };
}
export type MappingRow = ReturnType<typeof toRow>;

/** A requester's own requests, newest first. */
export async function listMyRequests(userId: string, take = 100): Promise<MappingRow[]> {
  const rows = await getDb().mapping.findMany({ where: { requesterId: userId }, select: LIST_SELECT, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take });
  return rows.map(toRow);
}

/** Pending requests, high risk first, then oldest first. */
export async function listApprovalQueue(take = 100): Promise<{ rows: MappingRow[]; total: number; asOf: number }> {
  const where: Prisma.MappingWhereInput = { status: "requested" };
  const [rows, total] = await Promise.all([
    getDb().mapping.findMany({ where, select: LIST_SELECT, orderBy: [{ riskTier: "asc" }, { createdAt: "asc" }, { id: "asc" }], take }),
    getDb().mapping.count({ where }),
  ]);
  return { rows: rows.map(toRow), total, asOf: Date.now() };
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
    getDb().mapping.findMany({ where, select: LIST_SELECT, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (page - 1) * MAPPINGS_PAGE_SIZE, take: MAPPINGS_PAGE_SIZE }),
    getDb().mapping.count({ where }),
  ]);
  return { rows: rows.map(toRow), total, page, pageSize: MAPPINGS_PAGE_SIZE };
}

/** One mapping with its approvals and its audit history. */
export async function getMappingDetail(id: string) {
  const m = await getDb().mapping.findUnique({ where: { id }, select: { ...LIST_SELECT, decidedBy: { select: { username: true } }, approvals: { select: { approver: { select: { username: true } }, createdAt: true, comment: true }, orderBy: { createdAt: "asc" } } } });
  if (!m) return null;
  const events = await getDb().auditEvent.findMany({ where: { resourceType: "mapping", resourceId: id }, orderBy: { id: "asc" }, take: 200 });
  return {
    mapping: { ...toRow(m), decidedBy: m.decidedBy?.username ?? null },
    approvals: m.approvals.map((a) => ({ approver: a.approver.username, at: a.createdAt.toISOString(), comment: a.comment })),
    events: events.map((e) => ({ id: e.id.toString(), at: e.at.toISOString(), actor: e.actorLabel, action: e.action, data: e.data as Record<string, unknown> })),
  };
}
