/**
 * The approve and reject routes authorize through withPermission's ownership hook: the role check,
 * then the request's input, then the rule again with the mapping's requester — nobody decides on
 * their own request through the API either, and every refusal is audited where it happened.
 */
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db/prisma";
import { createRequestAction } from "@/lib/actions/requests/create-request";
import { POST as approveRoute } from "@/app/api/v1/mappings/[id]/approve/route";
import { POST as rejectRoute } from "@/app/api/v1/mappings/[id]/reject/route";
import { useFreshDatabase } from "../../support/db";
import { signInAs } from "../../support/session";
import { connectProtectedGitLab, requestInput, seedWorkflow } from "./fixtures";

vi.mock("@/lib/auth/config", async () => (await import("../../support/session")).mockAuthModule());
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
// No Authorization header: the caller is the signed-in session (signInAs).
vi.mock("next/headers", () => ({ headers: vi.fn(async () => new Headers()) }));

// Requests are judged with GitLab's facts: a GitLab that protects every ref, so the workflow rules decide the tier.
connectProtectedGitLab(["acme/web"]);

let db: Db;
let w: Awaited<ReturnType<typeof seedWorkflow>>;

beforeAll(async () => {
  ({ db } = await useFreshDatabase());
  w = await seedWorkflow(db);
});

async function file(as: string, ref: string): Promise<string> {
  signInAs(as);
  const res = await createRequestAction(requestInput(w.staging.id, { refPattern: ref }));
  if (!res.ok || !res.data.created) throw new Error(`request not created: ${JSON.stringify(res)}`);
  return res.data.id;
}

async function call(route: typeof approveRoute, verb: "approve" | "reject", id: string, body?: string) {
  const req = new NextRequest(`http://localhost/api/v1/mappings/${id}/${verb}`, {
    method: "POST",
    // As a real server sees it: a body comes with its length.
    headers: { origin: "http://localhost", ...(body === undefined ? {} : { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) }) },
    ...(body === undefined ? {} : { body }),
  });
  const res = await route(req, { params: Promise.resolve({ id }) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function denials(userId: string, where: string): Promise<unknown[]> {
  const events = await db.auditEvent.findMany({ where: { action: "auth.denied", actorId: userId }, orderBy: { id: "asc" } });
  return events.map((e) => e.data).filter((d) => (d as { where?: string }).where === where);
}

describe("POST /api/v1/mappings/{id}/approve", () => {
  it("refuses the request's own requester (403, audited where it happened) and lets another approver approve", async () => {
    const id = await file(w.avery.id, "own-approve");
    signInAs(w.avery.id);
    const own = await call(approveRoute, "approve", id);
    expect(own).toMatchObject({ status: 403, body: { error: { code: "FORBIDDEN" } } });
    expect(await denials(w.avery.id, `POST /api/v1/mappings/${id}/approve`)).toEqual([{ action: "approvals.decide", reason: "nobody approves or rejects their own request", where: `POST /api/v1/mappings/${id}/approve` }]);
    expect((await db.mapping.findUniqueOrThrow({ where: { id } })).status).toBe("requested");

    signInAs(w.blake.id);
    expect(await call(approveRoute, "approve", id, JSON.stringify({ comment: "ok" }))).toEqual({ status: 200, body: { id, status: "approved", approvalsRemaining: 0 } });
    expect(await db.mappingApproval.findFirstOrThrow({ where: { mappingId: id } })).toMatchObject({ approverId: w.blake.id, comment: "ok" });
  });

  it("checks the role before reading the request, and the request before the ownership", async () => {
    const id = await file(w.avery.id, "order");
    signInAs(w.audra.id);
    expect((await call(approveRoute, "approve", id, "{nope")).status).toBe(403);
    signInAs(w.avery.id);
    // Malformed input is a 400 naming the problem, even for one's own request.
    expect(await call(approveRoute, "approve", id, "{nope")).toMatchObject({ status: 400, body: { error: { code: "BAD_INPUT", message: "The request body is not valid JSON." } } });
    expect(await call(approveRoute, "approve", "not-a-uuid")).toMatchObject({ status: 400, body: { error: { message: "Not a mapping id." } } });
  });
});

describe("POST /api/v1/mappings/{id}/reject", () => {
  it("refuses the own requester, needs a reason, and rejects for another approver", async () => {
    const id = await file(w.avery.id, "own-reject");
    signInAs(w.avery.id);
    expect((await call(rejectRoute, "reject", id, JSON.stringify({ reason: "mine" }))).status).toBe(403);
    expect(await denials(w.avery.id, `POST /api/v1/mappings/${id}/reject`)).toHaveLength(1);
    signInAs(w.blake.id);
    expect(await call(rejectRoute, "reject", id, JSON.stringify({}))).toMatchObject({ status: 400, body: { error: { code: "BAD_INPUT" } } });
    expect(await call(rejectRoute, "reject", id, JSON.stringify({ reason: "too broad" }))).toEqual({ status: 200, body: { id, status: "rejected", approvalsRemaining: 1 } });
    expect(await db.mapping.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "rejected", decisionReason: "too broad", decidedById: w.blake.id });
  });
});
