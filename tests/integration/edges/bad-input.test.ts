/**
 * Issue #11 part 2, finding by finding: bad input gets a 4xx naming the problem, never a 5xx, and
 * nothing of it reaches PostgreSQL. Route handlers and server actions run in-process against the
 * real database (the HTTP-level findings — proxy, pages — are in tests/e2e/edges.spec.ts).
 */
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db/prisma";
import { approveRequestAction } from "@/lib/actions/approvals/approve-request";
import { rejectRequestAction } from "@/lib/actions/approvals/reject-request";
import { createRequestAction } from "@/lib/actions/requests/create-request";
import { createApiTokenAction } from "@/lib/actions/tokens/create-api-token";
import { importGrantsAction } from "@/lib/actions/settings/import-grants";
import { deregisterIamRoleAction } from "@/lib/actions/settings/deregister-iam-role";
import { runSimulationAction } from "@/lib/actions/simulate/run-simulation";
import { POST as approveRoute } from "@/app/api/v1/mappings/[id]/approve/route";
import { POST as simulateRoute } from "@/app/api/v1/simulate/route";
import { POST as applyRoute } from "@/app/api/v1/reconcile/apply/route";
import { POST as planRoute } from "@/app/api/v1/reconcile/plan/route";
import { GET as auditExportRoute } from "@/app/api/v1/audit/export/route";
import { GET as whoCanAssumeRoute } from "@/app/api/v1/access/who-can-assume/route";
import { useFreshDatabase } from "../../support/db";
import { signInAs } from "../../support/session";
import { requestInput, seedWorkflow } from "../workflow/fixtures";

vi.mock("@/lib/auth/config", async () => (await import("../../support/session")).mockAuthModule());
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
// No Authorization header: the caller is the signed-in session (signInAs).
vi.mock("next/headers", () => ({ headers: vi.fn(async () => new Headers()) }));

const NUL = "\u0000";
const MAX_BODY_BYTES = 1024 * 1024;
const LONE = "\ud800";

let db: Db;
let w: Awaited<ReturnType<typeof seedWorkflow>>;

beforeAll(async () => {
  ({ db } = await useFreshDatabase());
  w = await seedWorkflow(db);
  delete process.env.GITLAB_TOKEN;
});

type Params = Record<string, string>;
type Route = (req: NextRequest, ctx: { params: Promise<Params> }) => Promise<Response>;

async function call(route: Route, url: string, init: { method?: string; body?: string | ReadableStream<Uint8Array>; params?: Params } = {}) {
  const body = init.body;
  const headers: Record<string, string> = { origin: "http://localhost" };
  if (typeof body === "string") Object.assign(headers, { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) });
  const req = new NextRequest(`http://localhost${url}`, { method: init.method ?? (body === undefined ? "GET" : "POST"), headers, ...(body === undefined ? {} : { body, duplex: "half" }) } as ConstructorParameters<typeof NextRequest>[1]);
  const res = await route(req, { params: Promise.resolve(init.params ?? {}) });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // CSV
  }
  return { status: res.status, json: json as { error?: { code: string; message: string } } | null, text };
}

async function pendingRequest(ref: string): Promise<string> {
  signInAs(w.ria.id);
  const res = await createRequestAction(requestInput(w.staging.id, { refPattern: ref }));
  if (!res.ok || !res.data.created) throw new Error(`request not created: ${JSON.stringify(res)}`);
  return res.data.id;
}

describe("a NUL or an unpaired surrogate in any text is a 400, not a PostgreSQL error", () => {
  it("an approval comment (action and route)", async () => {
    const id = await pendingRequest("nul-comment");
    signInAs(w.avery.id);
    expect(await approveRequestAction({ mappingId: id, comment: `ok${NUL}` })).toMatchObject({ ok: false, code: "BAD_INPUT", fieldErrors: { comment: [expect.stringMatching(/NUL/)] } });
    const viaRoute = await call(approveRoute as Route, `/api/v1/mappings/${id}/approve`, { body: JSON.stringify({ comment: `ok${LONE}` }), params: { id } });
    expect(viaRoute).toMatchObject({ status: 400, json: { error: { code: "BAD_INPUT", message: expect.stringMatching(/comment: .*unpaired surrogate/) } } });
    expect((await db.mapping.findUniqueOrThrow({ where: { id } })).status).toBe("requested");
  });

  it("a rejection reason", async () => {
    const id = await pendingRequest("nul-reason");
    signInAs(w.avery.id);
    expect(await rejectRequestAction({ mappingId: id, reason: `no${NUL}` })).toMatchObject({ ok: false, code: "BAD_INPUT" });
  });

  it("a request's justification", async () => {
    signInAs(w.ria.id);
    expect(await createRequestAction(requestInput(w.staging.id, { refPattern: "nul-justification", justification: `Deploys from main${NUL}need it` }))).toMatchObject({
      ok: false,
      code: "BAD_INPUT",
      fieldErrors: { justification: [expect.stringMatching(/NUL/)] },
    });
  });

  it("an API token's name", async () => {
    signInAs(w.ria.id);
    expect(await createApiTokenAction({ name: `ci${NUL}`, expiresInDays: 30 })).toMatchObject({ ok: false, code: "BAD_INPUT", fieldErrors: { name: [expect.stringMatching(/NUL/)] } });
  });

  it("a role ARN (simulate route and action), an import's and a deregistration's text", async () => {
    signInAs(w.ria.id);
    const res = await call(simulateRoute as Route, "/api/v1/simulate", { body: JSON.stringify({ claims: { sub: "x" }, roleArn: `arn:aws:iam::111122223333:role/x${NUL}` }) });
    expect(res).toMatchObject({ status: 400, json: { error: { code: "BAD_INPUT", message: expect.stringMatching(/roleArn: Text must not contain a NUL/) } } });
    expect(await runSimulationAction({ token: "a.b.c", roleArn: `arn:aws:iam::111122223333:role/x${NUL}` })).toMatchObject({ ok: false, code: "BAD_INPUT" });
    // The import of grants already in IAM replaced adopting one (issue #10): its free text is held to the same rule.
    signInAs(w.ada.id);
    const mappings = await db.mapping.count();
    const grant = { statementIndex: 0, pattern: "project_path:acme/web:ref_type:branch:ref:main", audience: "sts.amazonaws.com" };
    expect(await importGrantsAction({ accountId: "111122223333", roleName: "deploy-staging", policySha256: "0".repeat(64), grants: [grant], justification: `because${NUL}` })).toMatchObject({ ok: false, code: "BAD_INPUT" });
    expect(await importGrantsAction({ accountId: "111122223333", roleName: "deploy-staging", policySha256: "0".repeat(64), grants: [{ ...grant, pattern: `project_path:acme/web${LONE}` }], justification: "because" })).toMatchObject({ ok: false, code: "BAD_INPUT" });
    expect(await deregisterIamRoleAction({ roleId: w.staging.id, reason: `because${NUL}` })).toMatchObject({ ok: false, code: "BAD_INPUT" });
    expect(await db.mapping.count()).toBe(mappings);
    expect((await db.iamRole.findUniqueOrThrow({ where: { id: w.staging.id } })).deregisteredAt).toBeNull();
  });

  it("a key anywhere in a body, even one no schema looks at", async () => {
    signInAs(w.ria.id);
    const policy = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Federated: "arn:aws:iam::111122223333:oidc-provider/gitlab.com" }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "gitlab.com:aud": "x" } } }],
    };
    const res = await call(simulateRoute as Route, "/api/v1/simulate", { body: JSON.stringify({ claims: { iss: "https://gitlab.com", [`note${NUL}`]: "x" }, policy }) });
    expect(res).toMatchObject({ status: 400, json: { error: { code: "BAD_INPUT" } } });
  });

  it("an access query parameter (route)", async () => {
    signInAs(w.audra.id);
    const res = await call(whoCanAssumeRoute as Route, `/api/v1/access/who-can-assume?roleId=${w.staging.id}&q=web%00`);
    expect(res).toMatchObject({ status: 400, json: { error: { code: "BAD_INPUT", message: expect.stringMatching(/q: Text must not contain a NUL/) } } });
  });
});

describe("the audit CSV export validates before it streams", () => {
  it.each([
    ["a NUL in a filter", "actor=ada%00", /actor: Text must not contain a NUL/],
    ["a cursor beyond PostgreSQL's bigint", "before=99999999999999999999999", /before: Larger than any id/],
    ["a cursor that is not a number", "before=12abc", /before: before: an event id/],
    ["a date PostgreSQL cannot store", "from=-271821-04-20", /from: Not a date/],
  ])("answers 400 for %s, never 200 then a cut connection", async (_why, query, message) => {
    signInAs(w.audra.id);
    const res = await call(auditExportRoute as Route, `/api/v1/audit/export?${query}`);
    expect(res).toMatchObject({ status: 400, json: { error: { code: "BAD_INPUT", message: expect.stringMatching(message) } } });
  });

  it("still exports with good filters", async () => {
    signInAs(w.audra.id);
    const res = await call(auditExportRoute as Route, "/api/v1/audit/export?type=mapping.requested");
    expect(res.status).toBe(200);
    expect(res.text.split(/\r?\n/)[0]).toBe("id,at,actor,action,resource_type,resource_id,data,prev_hash,hash");
    expect(res.text).toContain("mapping.requested");
  });
});

describe("JSON bodies are bounded", () => {
  it("10,000-level nested JSON in simulate is a 400, not a stack overflow", async () => {
    signInAs(w.ria.id);
    const deep = "[".repeat(10_000) + "]".repeat(10_000);
    const res = await call(simulateRoute as Route, "/api/v1/simulate", { body: `{"claims":{"iss":"https://gitlab.com","sub":${deep}},"policy":{"Version":"2012-10-17","Statement":[]}}` });
    expect(res).toMatchObject({ status: 400, json: { error: { code: "BAD_INPUT", message: "The request body is nested deeper than 64 levels." } } });
  });

  it("a token whose payload nests 10,000 levels is a 400 too", async () => {
    signInAs(w.ria.id);
    const payload = Buffer.from(`{"iss":"https://gitlab.com","sub":${"[".repeat(5_000)}${"]".repeat(5_000)}}`).toString("base64url");
    const res = await call(simulateRoute as Route, "/api/v1/simulate", { body: JSON.stringify({ token: `eyJhbGciOiJSUzI1NiJ9.${payload}.sig` }) });
    expect(res).toMatchObject({ status: 400, json: { error: { code: "BAD_INPUT", message: expect.stringMatching(/^token: sub(\.0)+: Nested deeper than 64 levels$/) } } });
  });

  it("a body over 1 MiB is a 413, with or without Content-Length", async () => {
    signInAs(w.ria.id);
    const big = JSON.stringify({ claims: { sub: "x".repeat(MAX_BODY_BYTES) } });
    expect(await call(simulateRoute as Route, "/api/v1/simulate", { body: big })).toMatchObject({ status: 413, json: { error: { code: "TOO_LARGE" } } });
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode(big));
        c.close();
      },
    });
    expect(await call(simulateRoute as Route, "/api/v1/simulate", { body: stream })).toMatchObject({ status: 413, json: { error: { code: "TOO_LARGE" } } });
  });
});

describe("reconciling with no GitLab configured is a clear answer, never a 5xx", () => {
  it("POST /api/v1/reconcile/plan names the GitLab target it could not read; apply answers 409 for a stale plan and applies the current one (it was a 500 CONFIG)", async () => {
    const saved = { ...process.env };
    try {
      // Not the demo (whose sandbox GitLab stands in for a missing token), no GitLab token, and an AWS that refuses fast.
      Object.assign(process.env, { TRUSTMAP_DEMO: "0", AWS_ENDPOINT_URL_STS: "http://127.0.0.1:9", AWS_ENDPOINT_URL_IAM: "http://127.0.0.1:9", AWS_ACCESS_KEY_ID: "edges", AWS_SECRET_ACCESS_KEY: "edges", AWS_MAX_ATTEMPTS: "1" });
      delete process.env.GITLAB_TOKEN;
      const id = await pendingRequest("no-gitlab");
      // Without a GitLab its protection is unknown, so it is high risk (issue #12): two approvers.
      for (const approver of [w.avery.id, w.blake.id]) {
        signInAs(approver);
        expect(await approveRequestAction({ mappingId: id, comment: "ok" })).toMatchObject({ ok: true });
      }
      expect((await db.mapping.findUniqueOrThrow({ where: { id } })).status).toBe("approved");
      signInAs(w.ada.id);
      const plan = await call(planRoute as Route, "/api/v1/reconcile/plan", { body: "{}" });
      expect(plan.status).toBe(200);
      const planned = plan.json as unknown as { planHash: string; unread: { kind: string; message: string }[] };
      expect(planned.unread).toContainEqual(expect.objectContaining({ kind: "gitlab-target", message: expect.stringMatching(/GITLAB_TOKEN is not set/) }));
      const stale = await call(applyRoute as Route, "/api/v1/reconcile/apply", { body: JSON.stringify({ planHash: "0".repeat(64) }) });
      expect(stale).toMatchObject({ status: 409, json: { error: { code: "CONFLICT" } } });
      const applied = await call(applyRoute as Route, "/api/v1/reconcile/apply", { body: JSON.stringify({ planHash: planned.planHash }) });
      expect(applied.status).toBe(200);
    } finally {
      process.env = saved;
    }
  });
});
