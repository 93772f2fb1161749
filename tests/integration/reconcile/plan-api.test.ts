/**
 * POST /api/v1/reconcile/plan for automation: the plan the page shows, then applied by its hash
 * with POST /api/v1/reconcile/apply — route handlers called as Next calls them, against moto and
 * the GitLab fake, authenticated with personal API tokens.
 */
import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { POST as applyRoute } from "@/app/api/v1/reconcile/apply/route";
import { POST as planRoute } from "@/app/api/v1/reconcile/plan/route";
import { ZPlanOutput } from "@/lib/schemas/reconcile";
import { createApiToken, findUserById } from "@/lib/users/service";
import { setupReconcile } from "./harness";

let requestHeaders = new Headers();
vi.mock("next/headers", () => ({ headers: async () => requestHeaders, cookies: async () => ({ get: () => undefined }) }));
vi.mock("@/lib/auth/config", async () => (await import("../../support/session")).mockAuthModule());

const h = setupReconcile();
const tokens: Record<string, string> = {};
const ctx = { params: Promise.resolve({}) };

async function tokenFor(role: "approver" | "auditor"): Promise<string> {
  const user = await h.db.user.create({ data: { username: `api-${role}`, name: role, role } });
  return (await createApiToken((await findUserById(user.id))!, { name: "automation", expiresAt: null })).token;
}

function post(path: string, token: string, body?: unknown): NextRequest {
  requestHeaders = new Headers({ authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) });
  return new NextRequest(`http://localhost${path}`, { method: "POST", headers: requestHeaders, body: body === undefined ? undefined : JSON.stringify(body) });
}

beforeAll(async () => {
  tokens.approver = await tokenFor("approver");
  tokens.auditor = await tokenFor("auditor");
});

beforeEach(() => {
  for (const [key, value] of Object.entries(h.childEnv())) vi.stubEnv(key, value);
});

afterAll(() => {
  vi.unstubAllEnvs();
});

describe("POST /api/v1/reconcile/plan", () => {
  it("returns the plan with its hash, what it could not read and a summary; applying that hash writes exactly it", async () => {
    const role = await h.addRole("api-deployer");
    await h.approveMapping(role.id);

    const planned = await planRoute(post("/api/v1/reconcile/plan", tokens.approver!), ctx);
    expect(planned.status).toBe(200);
    const body = ZPlanOutput.parse(await planned.json());
    expect(body.operations.map((op) => op.kind)).toEqual(["oidc-provider.create", "trust-policy.update", "variable.create", "variable.create"]);
    expect(body.unread).toEqual([]);
    expect(body.summary).toMatchObject({ roles: 1, mappings: 1, operations: 4 });
    expect(await h.db.reconcileRun.findUniqueOrThrow({ where: { id: body.runId } })).toMatchObject({ kind: "plan", trigger: "api", status: "succeeded" });

    const applied = await applyRoute(post("/api/v1/reconcile/apply", tokens.approver!, { planHash: body.planHash }), ctx);
    expect(applied.status).toBe(200);
    expect(await applied.json()).toMatchObject({ status: "succeeded", done: 4, failed: 0 });

    const again = ZPlanOutput.parse(await (await planRoute(post("/api/v1/reconcile/plan", tokens.approver!, {}), ctx)).json());
    expect(again.operations).toEqual([]);
    // The hash of the first plan is stale now: apply refuses it rather than applying something else.
    const stale = await applyRoute(post("/api/v1/reconcile/apply", tokens.approver!, { planHash: body.planHash }), ctx);
    expect(stale.status).toBe(409);
  });

  it("names what could not be read instead of refusing, and is for approvers and admins only", async () => {
    const role = await h.addRole("api-lonely");
    await h.approveMapping(role.id, { gitlabPath: "team/does-not-exist" });
    vi.stubEnv("GITLAB_TOKEN", "glpat-wrong");

    const planned = ZPlanOutput.parse(await (await planRoute(post("/api/v1/reconcile/plan", tokens.approver!), ctx)).json());
    expect(planned.unread).toEqual([expect.objectContaining({ kind: "gitlab-target", ref: "project:team/does-not-exist" })]);
    expect(planned.operations.map((op) => op.kind)).toContain("trust-policy.update");

    expect((await planRoute(post("/api/v1/reconcile/plan", tokens.auditor!), ctx)).status).toBe(403);
    const bad = await planRoute(post("/api/v1/reconcile/plan", tokens.approver!, { dryRun: true }), ctx);
    expect(bad.status).toBe(400);
  });
});
