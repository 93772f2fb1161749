/**
 * The dashboard per persona, from the database: an approver's "N requests wait for you" leaves out
 * their own, those they approved and expired ones; a requester sees their own requests; an
 * auditor the roles and recent changes; an admin what needs attention.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/prisma";
import { appendAuditEvent } from "@/lib/audit/service";
import { getDashboard } from "@/lib/dashboard/service";
import { decideReviewItem, openReview } from "@/lib/reviews/service";
import { useFreshDatabase } from "../../support/db";
import { seedWorkflow } from "../workflow/fixtures";

let db: Db;
let w: Awaited<ReturnType<typeof seedWorkflow>>;
const NOW = new Date();
const user = (u: { id: string; username: string; name: string; role: string }) => ({ id: u.id, username: u.username, name: u.name, role: u.role as "requester", isDemo: false });

beforeAll(async () => {
  ({ db } = await useFreshDatabase());
  w = await seedWorkflow(db);
  const mapping = (requesterId: string, over: Record<string, unknown> = {}) =>
    db.mapping.create({ data: { scope: "project", gitlabPath: "acme/web", refType: "branch", refPattern: String(over.refPattern ?? "main"), roleId: w.staging.id, audience: "https://gitlab.com", requesterId, justification: "dash", ...over } });
  await mapping(w.ria.id, { refPattern: "a" }); // waits for avery and blake
  await mapping(w.ria.id, { refPattern: "b", riskTier: "high", requiredApprovals: 2 }); // waits for both
  await mapping(w.avery.id, { refPattern: "own" }); // avery's own: not for avery
  const approvedOnce = await mapping(w.ria.id, { refPattern: "half", riskTier: "high", requiredApprovals: 2 });
  await db.mappingApproval.create({ data: { mappingId: approvedOnce.id, approverId: w.avery.id } }); // avery already approved: waits for blake only
  await mapping(w.ria.id, { refPattern: "late", expiresAt: new Date(NOW.getTime() - 1000) }); // expired: for nobody
  await mapping(w.ria.id, { refPattern: "done", status: "approved" });
  await db.iamRole.update({ where: { id: w.staging.id }, data: { actualTrustPolicy: { Version: "2012-10-17", Statement: [] }, actualFetchedAt: NOW } });
  await db.reconcileRun.create({ data: { kind: "drift", trigger: "schedule", status: "failed", error: "Could not check: AWS account sandbox could not be read", summary: { unchecked: ["AWS account sandbox (111122223333) could not be read"] }, startedAt: NOW, finishedAt: NOW } });
  await db.$transaction((tx) => appendAuditEvent(tx, { actorId: w.avery.id, actorLabel: "avery", action: "mapping.approved", resourceType: "mapping", resourceId: approvedOnce.id, data: { gitlabPath: "acme/web", roleName: "deploy-staging" } }));
  await db.$transaction((tx) => appendAuditEvent(tx, { actorId: w.ria.id, actorLabel: "ria", action: "auth.sign_in", data: {} }));
});

describe("getDashboard", () => {
  it("an approver: the requests waiting for them, not their own, not those they approved, not expired", async () => {
    const avery = await getDashboard(user(w.avery), NOW);
    if (avery.persona !== "approver") throw new Error(avery.persona);
    expect(avery.awaiting.total).toBe(2);
    // High risk first, then oldest.
    expect(avery.awaiting.first.map((m) => m.refPattern)).toEqual(["b", "a"]);
    expect(avery.mine).toMatchObject({ total: 1, byStatus: { requested: 1 } });

    const blake = await getDashboard(user(w.blake), NOW);
    if (blake.persona !== "approver") throw new Error(blake.persona);
    expect(blake.awaiting.total).toBe(4);
  });

  it("a requester: their own requests and their state", async () => {
    const ria = await getDashboard(user(w.ria), NOW);
    if (ria.persona !== "requester") throw new Error(ria.persona);
    expect(ria.mine.total).toBe(5);
    expect(ria.mine.byStatus).toEqual({ requested: 4, approved: 1 });
    expect(ria.mine.latest.every((m) => m.requester.id === w.ria.id)).toBe(true);
  });

  it("an auditor: the roles (how many read from IAM) and the recent changes, not sign-ins", async () => {
    const audra = await getDashboard(user(w.audra), NOW);
    if (audra.persona !== "auditor") throw new Error(audra.persona);
    expect(audra.roles).toMatchObject({ total: 2, production: 1, notRead: 1, lastReadAt: NOW.toISOString() });
    expect(audra.recent.map((e) => e.action)).toEqual(["mapping.approved"]);
  });

  it("an admin: what needs attention, the unreadable account first", async () => {
    const ada = await getDashboard(user(w.ada), NOW);
    if (ada.persona !== "admin") throw new Error(ada.persona);
    expect(ada.attention.map((i) => i.key)).toEqual(["unread-0", "not-read", "awaiting"]);
    expect(ada.attention[0]?.text).toContain("AWS account sandbox (111122223333) could not be read");
    expect(ada.awaiting.total).toBe(4);
  });

  it("counts registered roles only: a deregistered role changes no figure", async () => {
    const before = await getDashboard(user(w.audra), NOW);
    if (before.persona !== "auditor") throw new Error(before.persona);
    const later = new Date(NOW.getTime() + 60_000);
    await db.iamRole.create({ data: { awsAccountId: w.account.id, name: "retired", arn: "arn:aws:iam::111122223333:role/retired", production: true, deregisteredAt: NOW } });
    await db.iamRole.create({ data: { awsAccountId: w.account.id, name: "retired-read", arn: "arn:aws:iam::111122223333:role/retired-read", actualTrustPolicy: { Version: "2012-10-17", Statement: [] }, actualFetchedAt: later, deregisteredAt: NOW } });
    const after = await getDashboard(user(w.audra), NOW);
    if (after.persona !== "auditor") throw new Error(after.persona);
    expect(after.roles).toEqual(before.roles);
    expect(after.roles).toMatchObject({ total: 2, production: 1, notRead: 1, lastReadAt: NOW.toISOString() });
  });
});

describe("access review items on the dashboard", () => {
  it("an approver sees the open reviews with items they are asked to decide, never items of their own requests; a decided item leaves the count", async () => {
    const approved = (requesterId: string, refPattern: string) =>
      db.mapping.create({ data: { scope: "project", gitlabPath: "acme/web", refType: "branch", refPattern, roleId: w.staging.id, audience: "https://gitlab.com", requesterId, justification: "dash", status: "approved", decidedAt: NOW } });
    const ofRia = await approved(w.ria.id, "review-ria");
    const ofAvery = await approved(w.avery.id, "review-avery");
    await db.mappingApproval.create({ data: { mappingId: ofRia.id, approverId: w.avery.id } });
    // Avery's own mapping has no approval recorded (imported, say): every approver is asked, avery never.
    const due = new Date(NOW.getTime() + 7 * 86_400_000).toISOString().slice(0, 10);
    const opened = await openReview(user(w.audra), { title: "Dashboard review", dueAt: due, roleIds: [w.staging.id], accountIds: [] }, NOW);

    const avery = await getDashboard(user(w.avery), NOW);
    if (avery.persona !== "approver") throw new Error(avery.persona);
    const item = (mappingId: string) => db.accessReviewItem.findFirstOrThrow({ where: { reviewId: opened.id, mappingId } });
    // Avery is asked about ria's mapping; their own request goes to the other approvers.
    expect((await item(ofRia.id)).holderIds).toContain(w.avery.id);
    expect(avery.reviews.reviews).toEqual([expect.objectContaining({ id: opened.id, title: "Dashboard review", overdue: false })]);
    const mine = avery.reviews.reviews[0]!.items;
    expect(avery.reviews.total).toBe(mine);
    expect(await db.accessReviewItem.count({ where: { reviewId: opened.id, decision: null, holderIds: { has: w.avery.id }, requesterId: { not: w.avery.id } } })).toBe(mine);
    expect(await db.accessReviewItem.count({ where: { reviewId: opened.id, holderIds: { has: w.avery.id }, requesterId: w.avery.id } })).toBe(0);

    await decideReviewItem(user(w.avery), { reviewId: opened.id, itemId: (await item(ofRia.id)).id, decision: "keep", reason: "still deploys" }, NOW);
    const after = await getDashboard(user(w.avery), NOW);
    if (after.persona !== "approver") throw new Error(after.persona);
    expect(after.reviews.total).toBe(mine - 1);

    const ria = await getDashboard(user(w.ria), NOW);
    expect(ria.persona).toBe("requester");
  });
});
