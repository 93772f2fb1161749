/**
 * Requests: the roles a request can target, the live preview of a draft, filing a request (checked
 * against the role and the connected GitLab, its risk judged with GitLab's facts), the review of
 * filed requests (what an approver sees) and a requester's own requests. Deciding on a request is
 * lib/approvals/service.ts.
 */
import "server-only";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import type { DbOrTx } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";
import { appendAuditEvent } from "@/lib/audit/service";
import { isAppError, notFound } from "@/lib/errors";
import { checkSelectorForPreview, checkSelectorsFromStore } from "@/lib/gitlab-facts/service";
import type { SelectorCheck } from "@/lib/gitlab-facts/check";
import { connectGitLab } from "@/lib/gitlab/connection";
import { activeMappingWhere, providerArnOf, toPolicyMapping } from "@/lib/mappings/model";
import { mappingAuditData, type MappingRow } from "@/lib/mappings/rows";
import { findMappingRows } from "@/lib/mappings/service";
import { actorOf, mappingFactsOf } from "@/lib/notify/events";
import { notifyInTx } from "@/lib/notify/service";
import type { TCreateRequestInput } from "@/lib/schemas/requests";
import { REGISTERED_ROLE } from "@/lib/settings/registration";
import type { CurrentUser } from "@/lib/users/current-user";
import { checkableSelector, GITLAB_NOT_CHECKED, previewRequest, reviewOf, type MappingReview, type RequestDraft, type RequestPreview, type RoleContext } from "./preview";

/** Roles a request can target, with what the form needs to know about each. */
export async function listRoleOptions() {
  const roles = await getDb().iamRole.findMany({
    where: REGISTERED_ROLE,
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
async function loadRoleContext(db: DbOrTx, roleId: string, now: Date): Promise<RoleContext & { id: string; name: string }> {
  // A deregistered role takes no new requests: it is "no such role" to the preview and the form.
  const role = (await loadRoleContexts(db, [roleId], now, REGISTERED_ROLE)).get(roleId);
  if (!role) throw notFound("No such role.");
  return role;
}

/** Several roles' contexts in one query, by id (roles that do not exist are absent). */
async function loadRoleContexts(db: DbOrTx, roleIds: readonly string[], now: Date, only: Prisma.IamRoleWhereInput = {}): Promise<Map<string, RoleContext & { id: string; name: string }>> {
  const roles = await db.iamRole.findMany({
    where: { ...only, id: { in: [...new Set(roleIds)] } },
    include: { awsAccount: true, mappings: { where: activeMappingWhere(now), orderBy: { id: "asc" } } },
  });
  return new Map(roles.map((role) => [role.id, roleContextOf(role)]));
}

function roleContextOf(role: Prisma.IamRoleGetPayload<{ include: { awsAccount: true; mappings: true } }>): RoleContext & { id: string; name: string } {
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

/**
 * Why `path` is not a group/project on the connected GitLab, or null when it is (or when no
 * GitLab is connected: the form then checks only GitLab's naming rules).
 */
async function gitlabPathProblem(scope: "group" | "project", path: string): Promise<string | null> {
  const port = connectGitLab("interactive");
  if (!port) return null;
  const host = config().gitlab.url;
  try {
    if (scope === "group") await port.getGroup(path);
    else await port.getProject(path);
    return null;
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") return `${host} has no ${scope} ${path} (or trustmap's token cannot see it).`;
    if (isAppError(e) && (e.code === "FORBIDDEN" || e.code === "UNAUTHENTICATED")) return `trustmap's GitLab token may not read ${scope} ${path}.`;
    return `Could not check ${path} on ${host} right now; try again.`;
  }
}

async function withGitLabCheck(preview: RequestPreview, draft: RequestDraft): Promise<RequestPreview> {
  if (preview.fieldErrors.gitlabPath) return preview;
  // Facts read for every target: GitLab answered for the path, so it exists.
  if (preview.gitlab.checked) return preview;
  const problem = await gitlabPathProblem(draft.scope, draft.gitlabPath);
  return problem ? { ...preview, fieldErrors: { ...preview.fieldErrors, gitlabPath: [problem] } } : preview;
}

/**
 * GitLab's side of a draft, read now when the stored facts are older than a few minutes (the
 * person waits, within a deadline); unknown when no GitLab is connected or it cannot be read.
 */
async function gitlabSideOf(draft: RequestDraft): Promise<SelectorCheck> {
  const selector = checkableSelector(draft);
  return selector ? checkSelectorForPreview(selector) : GITLAB_NOT_CHECKED;
}

/** The live preview of a draft request (see lib/requests/preview.ts). */
export async function previewDraft(input: Omit<TCreateRequestInput, "justification" | "expiresAt">, now = new Date()): Promise<RequestPreview> {
  const role = await loadRoleContext(getDb(), input.roleId, now);
  const draft = draftOf(input);
  return withGitLabCheck(previewRequest(draft, role, await gitlabSideOf(draft)), draft);
}

export type CreateRequestOutcome =
  | { created: true; id: string; riskTier: "normal" | "high"; requiredApprovals: number }
  | { created: false; fieldErrors: Record<string, string[]> };

/**
 * File a request. The server recompiles it against the role (risk tier, policy size, lint), reads
 * GitLab's side of it (protection, who can obtain a token: unknown counts as high risk) and
 * checks the path on the connected GitLab; nothing about risk is taken from the client. The
 * approvers are notified in the same transaction (lib/notify).
 */
export async function createRequest(actor: CurrentUser, input: TCreateRequestInput, now = new Date()): Promise<CreateRequestOutcome> {
  const draft = draftOf(input);
  const role0 = await loadRoleContext(getDb(), input.roleId, now);
  const gitlab = await gitlabSideOf(draft);
  const checked = await withGitLabCheck(previewRequest(draft, role0, gitlab), draft);
  if (Object.keys(checked.fieldErrors).length > 0) return { created: false, fieldErrors: checked.fieldErrors };
  return getDb().$transaction(async (tx) => {
    const role = await loadRoleContext(tx, input.roleId, now);
    const preview = previewRequest(draft, role, gitlab);
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
    await notifyInTx(tx, {
      kind: "request.filed",
      actor: actorOf(actor),
      data: { ...mappingFactsOf({ ...mapping, requester: actor, role, approvals: [] }), justification: mapping.justification, expiresAt: mapping.expiresAt?.toISOString() ?? null },
    });
    return { created: true as const, id: mapping.id, riskTier: preview.risk.tier, requiredApprovals: preview.risk.requiredApprovals };
  });
}

/**
 * What an approver sees of filed requests or mappings (lib/requests/preview.ts MappingReview), by
 * mapping id: the preview judged now against the role's other active mappings, GitLab's side from
 * the stored facts (no GitLab call: the preview read them when the request was filed, the refresh
 * keeps them), and the risk reasons recorded when it was filed. A few queries whatever the number.
 */
export async function reviewMappings(ids: readonly string[], now = new Date()): Promise<Map<string, MappingReview>> {
  if (ids.length === 0) return new Map();
  const db = getDb();
  const mappings = await db.mapping.findMany({
    where: { id: { in: [...ids] } },
    select: { id: true, scope: true, gitlabPath: true, refType: true, refPattern: true, environment: true, audience: true, roleId: true, riskTier: true, requiredApprovals: true },
  });
  const [roles, filedEvents] = await Promise.all([
    loadRoleContexts(db, mappings.map((m) => m.roleId), now),
    db.auditEvent.findMany({ where: { resourceType: "mapping", resourceId: { in: mappings.map((m) => m.id) }, action: "mapping.requested" }, select: { resourceId: true, data: true } }),
  ]);
  const filedReasons = new Map(filedEvents.map((e) => [e.resourceId, (e.data as { riskReasons?: unknown } | null)?.riskReasons]));
  const drafts = mappings.map((m) => ({ mapping: m, draft: draftOf({ ...m, environment: m.environment }) }));
  const selectors = drafts.map((d) => checkableSelector(d.draft));
  const checks = await checkSelectorsFromStore(selectors.filter((s) => s !== null), { db, now: () => now });
  let next = 0;
  const out = new Map<string, MappingReview>();
  for (const [i, { mapping, draft }] of drafts.entries()) {
    const gitlab = selectors[i] === null ? GITLAB_NOT_CHECKED : (checks[next++] ?? GITLAB_NOT_CHECKED);
    const role = roles.get(mapping.roleId);
    if (!role) continue;
    // The role's other active mappings: an approved mapping's review shows what it adds, too.
    const others = { ...role, approved: role.approved.filter((a) => a.id !== mapping.id) };
    const reasons = filedReasons.get(mapping.id);
    out.set(
      mapping.id,
      reviewOf(previewRequest(draft, others, gitlab), {
        tier: mapping.riskTier === "high" ? "high" : "normal",
        requiredApprovals: mapping.requiredApprovals,
        reasons: Array.isArray(reasons) ? reasons.filter((r): r is string => typeof r === "string") : null,
      }),
    );
  }
  return out;
}

/** A requester's own requests, newest first. */
export function listMyRequests(userId: string, take = 100): Promise<MappingRow[]> {
  return findMappingRows({ where: { requesterId: userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take });
}
