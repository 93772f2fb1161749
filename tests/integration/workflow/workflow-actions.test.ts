/**
 * The approval rules at the server-action level (no UI): self-approval, the two-person rule,
 * reasons, withdrawal, revocation, expiry, and the audit event of every decision.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db/prisma";
import { createRequestAction } from "@/lib/actions/requests/create-request";
import { withdrawRequestAction } from "@/lib/actions/requests/withdraw-request";
import { approveRequestAction } from "@/lib/actions/approvals/approve-request";
import { rejectRequestAction } from "@/lib/actions/approvals/reject-request";
import { revokeMappingAction } from "@/lib/actions/approvals/revoke-mapping";
import { approveRequest, expireDueMappings } from "@/lib/approvals/service";
import { verifyAuditChain } from "@/lib/audit/service";
import { useFreshDatabase } from "../../support/db";
import { signInAs } from "../../support/session";
import { connectProtectedGitLab, requestInput, seedWorkflow } from "./fixtures";

vi.mock("@/lib/auth/config", async () => (await import("../../support/session")).mockAuthModule());
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

// Requests are judged with GitLab's facts: a GitLab that protects every ref, so the workflow rules decide the tier.
connectProtectedGitLab(["acme/web", "acme/normal", "acme/self", "acme/self2", "acme/self3", "acme/lasting", "acme/expiring-pending", "acme/expiring", "acme/revoke", "acme/withdraw", "acme/reject", "acme/other", "acme/race"], ["acme/race2", "acme/platform"]);

let db: Db;
let w: Awaited<ReturnType<typeof seedWorkflow>>;

beforeAll(async () => {
  ({ db } = await useFreshDatabase());
  w = await seedWorkflow(db);
});

async function file(as: string, over: Record<string, unknown> = {}, roleId = w.staging.id): Promise<string> {
  signInAs(as);
  const res = await createRequestAction(requestInput(roleId, over));
  if (!res.ok || !res.data.created) throw new Error(`request not created: ${JSON.stringify(res)}`);
  return res.data.id;
}

describe("filing a request", () => {
  it("is validated field by field on the server, GitLab naming rules included", async () => {
    signInAs(w.ria.id);
    const res = await createRequestAction(requestInput(w.staging.id, { gitlabPath: "acme/web app", refPattern: "refs/heads/main", justification: "", expiresAt: "2001-01-01" }));
    expect(res).toMatchObject({ ok: false, code: "BAD_INPUT" });
    if (res.ok) return;
    expect(Object.keys(res.fieldErrors ?? {}).sort()).toEqual(["expiresAt", "gitlabPath", "justification", "refPattern"]);
    expect(await db.mapping.count({ where: { requesterId: w.ria.id } })).toBe(0);
  });

  it("computes the risk tier on the server and audits the request", async () => {
    const normal = await file(w.ria.id);
    const high = await file(w.ria.id, { refType: "tag", refPattern: "v*" }, w.production.id);
    expect(await db.mapping.findUniqueOrThrow({ where: { id: normal } })).toMatchObject({ status: "requested", riskTier: "normal", requiredApprovals: 1 });
    expect(await db.mapping.findUniqueOrThrow({ where: { id: high } })).toMatchObject({ riskTier: "high", requiredApprovals: 2 });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "mapping.requested", resourceId: high } });
    expect(event.data).toMatchObject({ gitlabPath: "acme/web", role: w.production.arn, riskTier: "high", subPatterns: ["project_path:acme/web:ref_type:tag:ref:v*"] });
  });

  it("refuses an audience the account does not accept, next to the field", async () => {
    signInAs(w.ria.id);
    const res = await createRequestAction(requestInput(w.staging.id, { audience: "sts.amazonaws.com" }));
    expect(res).toMatchObject({ ok: true, data: { created: false, fieldErrors: { audience: [expect.stringMatching(/gitlab.com/)] } } });
  });
});

describe("self-approval", () => {
  it("an approver who filed a request cannot approve or reject it: refused, audited, and nothing changes", async () => {
    const id = await file(w.avery.id, { gitlabPath: "acme/self" });
    signInAs(w.avery.id);
    const denialsBefore = await db.auditEvent.count({ where: { action: "auth.denied", actorId: w.avery.id } });
    expect(await approveRequestAction({ mappingId: id })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await rejectRequestAction({ mappingId: id, reason: "mine" })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await db.auditEvent.count({ where: { action: "auth.denied", actorId: w.avery.id } })).toBe(denialsBefore + 2);
    expect(await db.mapping.findUniqueOrThrow({ where: { id }, include: { approvals: true } })).toMatchObject({ status: "requested", approvals: [] });
  });

  it("holds below the rule table too: the data layer refuses it", async () => {
    const id = await file(w.avery.id, { gitlabPath: "acme/self2" });
    const avery = { id: w.avery.id, username: "avery", name: "avery", role: "approver" as const, isDemo: false };
    await expect(approveRequest(avery, { mappingId: id, comment: null })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.mappingApproval.count({ where: { mappingId: id } })).toBe(0);
  });

  it("and the database refuses a self-approval row whatever code writes it", async () => {
    const id = await file(w.avery.id, { gitlabPath: "acme/self3" });
    await expect(db.mappingApproval.create({ data: { mappingId: id, approverId: w.avery.id } })).rejects.toThrow(/own request/);
  });
});

describe("approving", () => {
  it("one approver approves a normal request, with an audit event", async () => {
    const id = await file(w.ria.id, { gitlabPath: "acme/normal" });
    signInAs(w.avery.id);
    expect(await approveRequestAction({ mappingId: id })).toMatchObject({ ok: true, data: { status: "approved", approvalsRemaining: 0 } });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "mapping.approved", resourceId: id } });
    expect(event).toMatchObject({ actorId: w.avery.id, data: expect.objectContaining({ status: "approved", approvals: 1 }) });
    signInAs(w.blake.id);
    expect(await approveRequestAction({ mappingId: id })).toMatchObject({ ok: false, code: "CONFLICT", error: expect.stringMatching(/approved, not waiting/) });
  });

  it("two-person rule: a high-risk request stays pending after one approval, the same approver cannot count twice, a second approves", async () => {
    const id = await file(w.ria.id, { scope: "group", gitlabPath: "acme/platform" });
    expect((await db.mapping.findUniqueOrThrow({ where: { id } })).requiredApprovals).toBe(2);
    signInAs(w.avery.id);
    expect(await approveRequestAction({ mappingId: id })).toMatchObject({ ok: true, data: { status: "requested", approvalsRemaining: 1 } });
    expect(await approveRequestAction({ mappingId: id })).toMatchObject({ ok: false, code: "CONFLICT", error: expect.stringMatching(/already approved/) });
    expect((await db.mapping.findUniqueOrThrow({ where: { id } })).status).toBe("requested");
    signInAs(w.blake.id);
    expect(await approveRequestAction({ mappingId: id })).toMatchObject({ ok: true, data: { status: "approved" } });
    expect(await db.mappingApproval.count({ where: { mappingId: id } })).toBe(2);
  });

  it("two approvers racing on a normal request: exactly one approval lands (row lock)", async () => {
    const id = await file(w.ria.id, { gitlabPath: "acme/race" });
    const person = (u: { id: string; username: string }) => ({ id: u.id, username: u.username, name: u.username, role: "approver" as const, isDemo: false });
    const results = await Promise.allSettled([approveRequest(person(w.avery), { mappingId: id, comment: null }), approveRequest(person(w.blake), { mappingId: id, comment: null })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.mappingApproval.count({ where: { mappingId: id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: "mapping.approved", resourceId: id } })).toBe(1);
  });

  it("two approvers racing on a high-risk request: both count, and it ends approved exactly once", async () => {
    const id = await file(w.ria.id, { scope: "group", gitlabPath: "acme/race2" });
    const person = (u: { id: string; username: string }) => ({ id: u.id, username: u.username, name: u.username, role: "approver" as const, isDemo: false });
    const results = await Promise.all([approveRequest(person(w.avery), { mappingId: id, comment: null }), approveRequest(person(w.blake), { mappingId: id, comment: null })]);
    expect(results.map((r) => r.status).sort()).toEqual(["approved", "requested"]);
    expect((await db.mapping.findUniqueOrThrow({ where: { id } })).status).toBe("approved");
  });

  it("a requester or an auditor cannot approve at all", async () => {
    const id = await file(w.avery.id, { gitlabPath: "acme/other" });
    for (const who of [w.ria.id, w.audra.id]) {
      signInAs(who);
      expect(await approveRequestAction({ mappingId: id })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    }
  });
});

describe("rejecting, withdrawing, revoking", () => {
  it("reject needs a reason and records it", async () => {
    const id = await file(w.ria.id, { gitlabPath: "acme/reject" });
    signInAs(w.avery.id);
    expect(await rejectRequestAction({ mappingId: id, reason: "  " })).toMatchObject({ ok: false, fieldErrors: { reason: expect.any(Array) } });
    expect(await rejectRequestAction({ mappingId: id, reason: "Use the staging role" })).toMatchObject({ ok: true, data: { status: "rejected" } });
    expect(await db.mapping.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "rejected", decisionReason: "Use the staging role", decidedById: w.avery.id });
    expect((await db.auditEvent.findFirstOrThrow({ where: { action: "mapping.rejected", resourceId: id } })).data).toMatchObject({ reason: "Use the staging role" });
  });

  it("only the requester withdraws their own pending request", async () => {
    const id = await file(w.ria.id, { gitlabPath: "acme/withdraw" });
    signInAs(w.blake.id);
    expect(await withdrawRequestAction({ mappingId: id })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    signInAs(w.ria.id);
    expect(await withdrawRequestAction({ mappingId: id })).toMatchObject({ ok: true, data: { status: "withdrawn" } });
    expect(await withdrawRequestAction({ mappingId: id })).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(await db.auditEvent.count({ where: { action: "mapping.withdrawn", resourceId: id } })).toBe(1);
  });

  it("an approved mapping is revoked with a reason; a pending one cannot be", async () => {
    const id = await file(w.ria.id, { gitlabPath: "acme/revoke" });
    signInAs(w.avery.id);
    expect(await revokeMappingAction({ mappingId: id, reason: "no" })).toMatchObject({ ok: false, code: "CONFLICT" });
    await approveRequestAction({ mappingId: id });
    expect(await revokeMappingAction({ mappingId: id, reason: "" })).toMatchObject({ ok: false, fieldErrors: { reason: expect.any(Array) } });
    expect(await revokeMappingAction({ mappingId: id, reason: "Project archived" })).toMatchObject({ ok: true, data: { status: "revoked" } });
    expect((await db.auditEvent.findFirstOrThrow({ where: { action: "mapping.revoked", resourceId: id } })).data).toMatchObject({ reason: "Project archived", from: "approved" });
  });
});

describe("expiry", () => {
  it("expires due pending and approved mappings once, audited as system; a due request cannot be approved", async () => {
    const soon = new Date(Date.now() + 60_000).toISOString();
    const approved = await file(w.ria.id, { gitlabPath: "acme/expiring", expiresAt: soon });
    const pending = await file(w.ria.id, { gitlabPath: "acme/expiring-pending", expiresAt: soon });
    const lasting = await file(w.ria.id, { gitlabPath: "acme/lasting", expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    signInAs(w.avery.id);
    await approveRequestAction({ mappingId: approved });
    await approveRequestAction({ mappingId: lasting });

    const later = new Date(Date.now() + 120_000);
    const avery = { id: w.avery.id, username: "avery", name: "avery", role: "approver" as const, isDemo: false };
    await expect(approveRequest(avery, { mappingId: pending, comment: null }, later)).rejects.toMatchObject({ code: "CONFLICT" });

    const first = await expireDueMappings(later);
    expect(first.expired.sort()).toEqual([approved, pending].sort());
    expect(await expireDueMappings(later)).toEqual({ expired: [] });
    expect((await db.mapping.findUniqueOrThrow({ where: { id: approved } })).status).toBe("expired");
    expect((await db.mapping.findUniqueOrThrow({ where: { id: lasting } })).status).toBe("approved");
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "mapping.expired", resourceId: approved } });
    expect(event).toMatchObject({ actorId: null, actorLabel: "system", data: expect.objectContaining({ from: "approved" }) });
  });
});

describe("the audit log after all of it", () => {
  it("is an intact hash chain", async () => {
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });
});
