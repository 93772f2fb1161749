/**
 * Access reviews (issue #14.3) through the real routes and service on PostgreSQL: the API contract
 * (POST /api/v1/reviews, GET /api/v1/reviews/:id, POST …/items/:itemId, GET …/report?format=csv),
 * who may do what (the rule table, then the item's requester), revoke through the approval
 * workflow's revoke with both audit events in one transaction, the review closing with its last
 * decision, the database refusing what the rules refuse, and the notifications (opened; due soon
 * and overdue once each from the reminder job).
 */
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db/prisma";
import { stopJobSender } from "@/lib/jobs/queue";
import { decideReviewItem, remindReviewers, reviewScopeChoices } from "@/lib/reviews/service";
import { REVIEW_REPORT_HEADER } from "@/lib/reviews/report";
import { ZDecideItemOutput, ZReviewDetailOutput } from "@/lib/schemas/reviews";
import { POST as openRoute } from "@/app/api/v1/reviews/route";
import { GET as getRoute } from "@/app/api/v1/reviews/[id]/route";
import { POST as decideRoute } from "@/app/api/v1/reviews/[id]/items/[itemId]/route";
import { GET as reportRoute } from "@/app/api/v1/reviews/[id]/report/route";
import { useFreshDatabase } from "../../support/db";
import { signInAs } from "../../support/session";
import { seedWorkflow } from "../workflow/fixtures";

vi.mock("@/lib/auth/config", async () => (await import("../../support/session")).mockAuthModule());
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("next/headers", () => ({ headers: vi.fn(async () => new Headers()) }));

let db: Db;
let w: Awaited<ReturnType<typeof seedWorkflow>>;
const DAY = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);

beforeAll(async () => {
  ({ db } = await useFreshDatabase());
  vi.stubEnv("TRUSTMAP_DEMO", "1");
  vi.stubEnv("SMTP_URL", "");
  vi.stubEnv("TRUSTMAP_WEBHOOK_URL", "");
  vi.stubEnv("TRUSTMAP_SLACK_WEBHOOK_URL", "");
  vi.stubEnv("AUTH_URL", "https://trustmap.test");
  w = await seedWorkflow(db);
  for (const u of [w.ria, w.avery, w.blake, w.audra, w.ada]) await db.user.update({ where: { id: u.id }, data: { email: `${u.username}@example.com` } });
});

afterAll(async () => {
  await stopJobSender();
  vi.unstubAllEnvs();
  await db?.$disconnect();
});

/** An approved mapping requested by `requesterId` and approved by `approverId`. */
async function approved(requesterId: string, approverId: string, gitlabPath: string, roleId = w.staging.id): Promise<string> {
  const m = await db.mapping.create({
    data: { scope: "project", gitlabPath, refType: "branch", refPattern: "main", roleId, audience: "https://gitlab.com", status: "approved", requesterId, justification: "deploys", decidedAt: new Date(Date.now() - 40 * DAY), createdAt: new Date(Date.now() - 41 * DAY) },
  });
  await db.mappingApproval.create({ data: { mappingId: m.id, approverId } });
  return m.id;
}

function post(url: string, body: unknown): NextRequest {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return new NextRequest(url, { method: "POST", headers: { origin: "http://localhost", "content-type": "application/json", "content-length": String(Buffer.byteLength(text)) }, body: text });
}

async function open(as: string, body: unknown) {
  signInAs(as);
  const res = await openRoute(post("http://localhost/api/v1/reviews", body), { params: Promise.resolve({}) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { id: string; error?: { code: string; message: string } } };
}

async function detail(as: string, id: string) {
  signInAs(as);
  const res = await getRoute(new NextRequest(`http://localhost/api/v1/reviews/${id}`), { params: Promise.resolve({ id }) });
  return { status: res.status, body: (await res.json()) as ReturnType<typeof ZReviewDetailOutput.parse> };
}

async function decide(as: string, id: string, itemId: string, body: unknown) {
  signInAs(as);
  const res = await decideRoute(post(`http://localhost/api/v1/reviews/${id}/items/${itemId}`, body), { params: Promise.resolve({ id, itemId }) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string } } };
}

async function itemOf(reviewId: string, mappingId: string): Promise<string> {
  return (await db.accessReviewItem.findFirstOrThrow({ where: { reviewId, mappingId } })).id;
}

describe("access reviews through the API", () => {
  let reviewId: string;
  let byRia: string;
  let byAvery: string;
  let production: string;

  beforeAll(async () => {
    byRia = await approved(w.ria.id, w.avery.id, "acme/web");
    byAvery = await approved(w.avery.id, w.blake.id, "acme/api");
    production = await approved(w.ria.id, w.blake.id, "acme/prod", w.production.id);
    // Not active: not in a review.
    await db.mapping.create({ data: { scope: "project", gitlabPath: "acme/old", refType: "branch", refPattern: "main", roleId: w.staging.id, audience: "https://gitlab.com", status: "revoked", requesterId: w.ria.id, justification: "old", decidedById: w.avery.id, decisionReason: "gone", decidedAt: new Date() } });
  });

  it("only auditors and admins open reviews; the body is checked", async () => {
    for (const u of [w.ria, w.avery]) expect((await open(u.id, { dueAt: inDays(14) })).status).toBe(403);
    expect(await open(w.audra.id, { dueAt: inDays(14), extra: 1 })).toMatchObject({ status: 400, body: { error: { code: "BAD_INPUT" } } });
    expect(await open(w.audra.id, { dueAt: "2020-01-01" })).toMatchObject({ status: 400, body: { error: { message: "The due date must be in the future." } } });
    expect(await open(w.audra.id, { dueAt: inDays(14), accountIds: ["999999999999"] })).toMatchObject({ status: 400, body: { error: { message: "Not registered: account 999999999999." } } });
  });

  it("opens over the active mappings in scope, audited, and tells the holders of its items", async () => {
    const scoped = await open(w.audra.id, { dueAt: inDays(14), title: "Production only", roleIds: [w.production.id] });
    expect(scoped).toMatchObject({ status: 200, body: { items: 1 } });

    const res = await open(w.audra.id, { dueAt: inDays(14), title: "Q2 access review" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: expect.any(String), items: 3, dueAt: expect.stringMatching(/T23:59:59\.999Z$/) });
    reviewId = res.body.id;

    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "review.opened", resourceId: reviewId } });
    expect(audit).toMatchObject({ actorId: w.audra.id, data: expect.objectContaining({ title: "Q2 access review", items: 3 }) });

    const notes = await db.notification.findMany({ where: { event: "review.opened", data: { path: ["reviewId"], equals: reviewId } }, include: { user: { select: { username: true } } } });
    // Each item's own approvers who may decide it: avery (ria's web), blake (avery's api, ria's prod).
    expect(notes.map((n) => n.user?.username).sort()).toEqual(["avery", "blake"]);
  });

  it("GET shows every item with its mapping, approvers, holders, age and progress, in the documented shape", async () => {
    expect((await detail(w.ria.id, reviewId)).status).toBe(403);
    const { status, body } = await detail(w.audra.id, reviewId);
    expect(status).toBe(200);
    expect(ZReviewDetailOutput.parse(body)).toEqual(body);
    expect(body.review).toMatchObject({ title: "Q2 access review", status: "open", openedBy: "audra", progress: { total: 3, decided: 0, undecided: 3, percent: 0, overdue: false } });
    const web = body.items.find((i) => i.mappingId === byRia)!;
    expect(web).toMatchObject({ mapping: { gitlabPath: "acme/web", requester: { username: "ria" }, approvers: ["avery"], role: { name: "deploy-staging" } }, holders: ["avery"], ageDays: 41, decision: null, evidence: null, overdue: false });
    const missing = await detail(w.audra.id, "00000000-0000-4000-8000-000000000000");
    expect(missing.status).toBe(404);
  });

  it("nobody certifies a mapping they requested: 403 with the rule's reason, audited as a denial", async () => {
    const item = await itemOf(reviewId, byAvery);
    const res = await decide(w.avery.id, reviewId, item, { decision: "keep", reason: "mine, still used" });
    expect(res).toMatchObject({ status: 403, body: { error: { code: "FORBIDDEN", message: "Forbidden: nobody certifies a mapping they requested." } } });
    const denial = await db.auditEvent.findFirstOrThrow({ where: { action: "auth.denied", actorId: w.avery.id }, orderBy: { id: "desc" } });
    expect(denial.data).toMatchObject({ action: "reviews.decide", reason: "nobody certifies a mapping they requested" });
    expect((await db.accessReviewItem.findUniqueOrThrow({ where: { id: item } })).decision).toBeNull();
    // The service refuses it too, whoever calls it (the review's rules, before the database's CHECK).
    const avery = { id: w.avery.id, username: "avery", name: "avery", role: "approver" as const, isDemo: false };
    await expect(decideReviewItem(avery, { reviewId, itemId: item, decision: "keep", reason: "mine" })).rejects.toMatchObject({ code: "FORBIDDEN", message: "Nobody certifies a mapping they requested." });
    // Auditors open reviews but do not decide them.
    expect((await decide(w.audra.id, reviewId, item, { decision: "keep", reason: "x" })).status).toBe(403);
    expect((await decide(w.blake.id, reviewId, item, { decision: "maybe", reason: "x" })).status).toBe(400);
    expect((await decide(w.blake.id, reviewId, item, { decision: "keep", reason: "  " })).status).toBe(400);
  });

  it("keep records the decision with the evidence the decider saw; a decision is final (409)", async () => {
    const item = await itemOf(reviewId, byAvery);
    const res = await decide(w.blake.id, reviewId, item, { decision: "keep", reason: "deploys weekly" });
    expect(res.status).toBe(200);
    const body = ZDecideItemOutput.parse(res.body);
    expect(body).toMatchObject({ mappingRevoked: false, item: { decision: "keep", reason: "deploys weekly", decidedBy: "blake", evidence: { usage: { uses90d: 0 }, gitlab: { checked: false } } }, review: { status: "open", progress: { decided: 1, kept: 1 } } });
    const again = await decide(w.blake.id, reviewId, item, { decision: "revoke", reason: "changed my mind" });
    expect(again).toMatchObject({ status: 409, body: { error: { code: "CONFLICT" } } });
    expect(again.body.error!.message).toContain("already decided");
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "review.item_decided", resourceId: reviewId } });
    expect(audit).toMatchObject({ actorId: w.blake.id, data: expect.objectContaining({ itemId: item, mappingId: byAvery, decision: "keep", reason: "deploys weekly", mappingRevoked: false }) });
  });

  it("revoke goes through the workflow's revoke: the mapping is revoked with its own audit event and notification, in the decision's transaction", async () => {
    const item = await itemOf(reviewId, byRia);
    const res = await decide(w.avery.id, reviewId, item, { decision: "revoke", reason: "unused for months" });
    expect(res).toMatchObject({ status: 200, body: { mappingRevoked: true, item: { decision: "revoke", mappingStatus: "revoked" } } });
    const mapping = await db.mapping.findUniqueOrThrow({ where: { id: byRia } });
    expect(mapping).toMatchObject({ status: "revoked", decidedById: w.avery.id });
    expect(mapping.decisionReason).toContain("Q2 access review");
    const revoked = await db.auditEvent.findFirstOrThrow({ where: { action: "mapping.revoked", resourceId: byRia } });
    const decided = await db.auditEvent.findFirstOrThrow({ where: { action: "review.item_decided", data: { path: ["itemId"], equals: item } } });
    expect(revoked.actorId).toBe(w.avery.id);
    // One transaction under the audit chain's lock: the two events are consecutive links.
    expect(BigInt(decided.id) - BigInt(revoked.id)).toBe(1n);
    expect(await db.notification.count({ where: { event: "mapping.revoked", data: { path: ["mappingId"], equals: byRia } } })).toBeGreaterThan(0);
  });

  it("the last decision closes the review; the CSV report says who decided what, when, why and on what evidence", async () => {
    const item = await itemOf(reviewId, production);
    expect((await decide(w.blake.id, reviewId, item, { decision: "keep", reason: "production deploys" })).body).toMatchObject({ review: { status: "closed", progress: { percent: 100, undecided: 0 } } });
    expect(await db.auditEvent.findFirst({ where: { action: "review.closed", resourceId: reviewId } })).toMatchObject({ data: expect.objectContaining({ how: "last item decided", kept: 2, revoked: 1 }) });

    signInAs(w.ria.id);
    expect((await reportRoute(new NextRequest(`http://localhost/api/v1/reviews/${reviewId}/report?format=csv`), { params: Promise.resolve({ id: reviewId }) })).status).toBe(403);
    signInAs(w.audra.id);
    const res = await reportRoute(new NextRequest(`http://localhost/api/v1/reviews/${reviewId}/report?format=csv`), { params: Promise.resolve({ id: reviewId }) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="access-review-q2-access-review-final.csv"');
    const lines = (await res.text()).trimEnd().split(/\r?\n/);
    expect(lines[0]).toBe(REVIEW_REPORT_HEADER.join(","));
    expect(lines).toHaveLength(4);
    const web = lines.find((l) => l.includes("acme/web"))!;
    expect(web).toContain(",revoke,unused for months,avery,");
    expect(web).toContain("GitLab facts unknown");
    expect(lines.find((l) => l.includes("acme/api"))).toContain(",keep,deploys weekly,blake,");

    const bad = await reportRoute(new NextRequest(`http://localhost/api/v1/reviews/${reviewId}/report?format=xml`), { params: Promise.resolve({ id: reviewId }) });
    expect(bad.status).toBe(400);
    // A closed review takes no more decisions.
    expect((await decide(w.blake.id, reviewId, item, { decision: "revoke", reason: "late" })).status).toBe(409);
  });

  it("the database refuses what the rules refuse: a decision changed, or certified by its requester", async () => {
    const item = await itemOf(reviewId, byAvery);
    await expect(db.accessReviewItem.update({ where: { id: item }, data: { reason: "rewritten" } })).rejects.toThrow("The database refused the change: a review decision is final");
    const m = await approved(w.ria.id, w.avery.id, "acme/self");
    const r = await db.accessReview.create({ data: { title: "backstop", scope: {}, dueAt: new Date(Date.now() + DAY), openedById: w.audra.id } });
    const it2 = await db.accessReviewItem.create({ data: { reviewId: r.id, mappingId: m, requesterId: w.ria.id, holderIds: [], mappingSnapshot: {} } });
    await expect(db.accessReviewItem.update({ where: { id: it2.id }, data: { decision: "keep", reason: "mine", decidedById: w.ria.id, decidedAt: new Date(), evidence: {} } })).rejects.toThrow("Nobody certifies a mapping they requested.");
    await expect(db.accessReviewItem.update({ where: { id: it2.id }, data: { decision: "keep", reason: "no evidence", decidedById: w.avery.id, decidedAt: new Date() } })).rejects.toThrow("A review decision is whole");
  });
});

describe("review reminders (job reviews-remind)", () => {
  it("marks and notifies 'due soon' and 'overdue' once each, to the holders of undecided items", async () => {
    const role = await db.iamRole.create({ data: { awsAccountId: w.account.id, name: "deploy-remind", arn: "arn:aws:iam::111122223333:role/deploy-remind" } });
    await approved(w.ria.id, w.avery.id, "acme/remind", role.id);
    const res = await open(w.ada.id, { dueAt: inDays(2), title: "Reminder review", roleIds: [role.id] });
    expect(res.status).toBe(200);
    const id = res.body.id;
    const holders = async (event: string) => (await db.notification.findMany({ where: { event, data: { path: ["reviewId"], equals: id } }, include: { user: { select: { username: true } } } })).map((n) => n.user?.username).sort();

    const first = await remindReviewers();
    expect(first.filter((e) => e.data.reviewId === id).map((e) => e.kind)).toEqual(["review.due_soon"]);
    expect(await holders("review.due_soon")).toEqual(["avery"]);
    expect((await remindReviewers()).filter((e) => e.data.reviewId === id)).toEqual([]);

    const later = new Date(Date.now() + 4 * DAY);
    const overdue = await remindReviewers(later);
    expect(overdue.filter((e) => e.data.reviewId === id).map((e) => e.kind)).toEqual(["review.overdue"]);
    expect((await db.accessReview.findUniqueOrThrow({ where: { id } })).overdueNotifiedAt).toEqual(later);
    expect(await holders("review.overdue")).toEqual(["avery"]);
    expect((await remindReviewers(later)).filter((e) => e.data.reviewId === id)).toEqual([]);
  });
});

describe("a deregistered role", () => {
  it("is not a review's scope: not offered, and opening a review of it is refused as not registered", async () => {
    const retired = await db.iamRole.create({ data: { awsAccountId: w.account.id, name: "retired", arn: "arn:aws:iam::111122223333:role/retired", deregisteredAt: new Date() } });
    const choices = await reviewScopeChoices();
    expect(choices.roles.map((r) => r.id)).not.toContain(retired.id);
    expect(choices.roles.map((r) => r.id)).toContain(w.staging.id);
    const reviews = await db.accessReview.count();
    expect(await open(w.audra.id, { dueAt: inDays(14), roleIds: [retired.id] })).toMatchObject({ status: 400, body: { error: { message: `Not registered: role ${retired.id}.` } } });
    expect(await db.accessReview.count()).toBe(reviews);
  });
});
