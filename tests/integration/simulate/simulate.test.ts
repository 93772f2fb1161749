import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db/prisma";
import { POST as simulateRoute } from "@/app/api/v1/simulate/route";
import { ZSimulateOutput } from "@/lib/schemas/simulate";
import { simulate } from "@/lib/simulate/service";
import { runSimulationAction } from "@/lib/actions/simulate/run-simulation";
import { isAppError } from "@/lib/errors";
import { useFreshDatabase } from "../../support/db";
import { signInAs } from "../../support/session";

vi.mock("@/lib/auth/config", async () => (await import("../../support/session")).mockAuthModule());
// No Authorization header: the caller is the signed-in session (signInAs).
vi.mock("next/headers", () => ({ headers: vi.fn(async () => new Headers()) }));

const PROVIDER = "arn:aws:iam::123456789012:oidc-provider/gitlab.example.com";
const policyFor = (subs: string[]) => ({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { Federated: PROVIDER },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: { StringEquals: { "gitlab.example.com:aud": "https://gitlab.example.com" }, StringLike: { "gitlab.example.com:sub": subs } },
    },
  ],
});
const claims = (sub: string) => ({ iss: "https://gitlab.example.com", aud: "https://gitlab.example.com", sub });
const jwt = (payload: object) => `${Buffer.from('{"alg":"RS256"}').toString("base64url")}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.sig`;

let db: Db;
let requester: { id: string };
let accountId: string;
beforeAll(async () => {
  ({ db } = await useFreshDatabase());
  requester = await db.user.create({ data: { username: "dev", name: "Dev" } });
  const account = await db.awsAccount.create({ data: { accountId: "123456789012", name: "acct", issuerUrl: "https://gitlab.example.com", audiences: ["https://gitlab.example.com"] } });
  await db.iamRole.create({
    data: { awsAccountId: account.id, name: "deploy", arn: "arn:aws:iam::123456789012:role/deploy", actualTrustPolicy: policyFor(["project_path:team/web:ref_type:branch:ref:main"]), actualFetchedAt: new Date() },
  });
  await db.iamRole.create({
    data: { awsAccountId: account.id, name: "group-role", arn: "arn:aws:iam::123456789012:role/group-role", actualTrustPolicy: policyFor(["project_path:team/*:ref_type:branch:ref:*"]), actualFetchedAt: new Date() },
  });
  await db.iamRole.create({ data: { awsAccountId: account.id, name: "unread", arn: "arn:aws:iam::123456789012:role/unread" } });
  accountId = account.id;
});

describe("simulate", () => {
  it("evaluates an inline policy and explains the deciding conditions", async () => {
    const out = await simulate({ claims: claims("project_path:team/web:ref_type:branch:ref:main"), policy: policyFor(["project_path:team/web:ref_type:branch:ref:main"]) });
    expect(out.decision).toBe("Allow");
    expect(out.statements[0]?.conditions.map((c) => [c.key, c.matched])).toEqual([
      ["gitlab.example.com:aud", true],
      ["gitlab.example.com:sub", true],
    ]);
  });

  it("evaluates every managed role's stored actual policy and lists roles never read from IAM as skipped", async () => {
    const out = await simulate({ token: jwt(claims("project_path:team/api:ref_type:branch:ref:dev")) });
    expect(out.decision).toBe("Allow");
    const byName = Object.fromEntries((out.roles ?? []).map((r) => [r.roleName, r]));
    expect(byName["group-role"]?.decision).toBe("Allow");
    expect(byName.deploy?.decision).toBe("ImplicitDeny");
    expect(byName.unread).toMatchObject({ decision: null, judgedOn: null, skipped: expect.stringMatching(/not been read from IAM/) });
    expect(byName.deploy).toMatchObject({ judgedOn: "actual", fetchedAt: expect.any(String) });
    expect(out.statements.every((s) => typeof s.roleArn === "string")).toBe(true);
  });

  it("a sibling group with a shared prefix is not allowed by the group role", async () => {
    const out = await simulate({ claims: claims("project_path:team-evil/x:ref_type:branch:ref:main"), roleArn: "arn:aws:iam::123456789012:role/group-role" });
    expect(out.decision).toBe("ImplicitDeny");
  });

  it.each([
    [{ token: "only.two" }, /token:/],
    [{ claims: {}, policy: { Statement: "nope" } }, /policy:/],
    [{ claims: {}, roleArn: "arn:aws:iam::123456789012:role/missing" }, /No managed role/],
  ])("refuses bad input %j with a message naming the problem", async (input, message) => {
    const err = await simulate(input as never).catch((e: unknown) => e);
    expect(isAppError(err)).toBe(true);
    expect((err as Error).message).toMatch(message);
  });

  it("the Simulator's action builds GitLab's sub from a described job", async () => {
    signInAs(requester.id);
    const res = await runSimulationAction({ job: { issuerUrl: "https://gitlab.example.com", audience: "https://gitlab.example.com", projectPath: "team/web", refType: "branch", ref: "main" }, roleArn: "arn:aws:iam::123456789012:role/deploy" });
    expect(res).toMatchObject({ ok: true, data: { decision: "Allow", claims: { sub: "project_path:team/web:ref_type:branch:ref:main" } } });
    const badPolicy = await runSimulationAction({ token: jwt(claims("x")), policyText: "{not json" });
    expect(badPolicy).toMatchObject({ ok: false, code: "BAD_INPUT", error: expect.stringMatching(/not valid JSON/) });
  });
});

async function post(body: unknown) {
  const text = JSON.stringify(body);
  const req = new NextRequest("http://localhost/api/v1/simulate", {
    method: "POST",
    headers: { origin: "http://localhost", "content-type": "application/json", "content-length": String(Buffer.byteLength(text)) },
    body: text,
  });
  const res = await simulateRoute(req, { params: Promise.resolve({}) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("POST /api/v1/simulate: decision is Allow | ImplicitDeny | ExplicitDeny | NotEvaluated", () => {
  it("a role never read from IAM is NotEvaluated, with the reason, and becomes Allow once its policy is read", async () => {
    signInAs(requester.id);
    const role = await db.iamRole.create({ data: { awsAccountId: accountId, name: "fresh", arn: "arn:aws:iam::123456789012:role/fresh" } });
    const body = { claims: claims("project_path:team/web:ref_type:branch:ref:main"), roleArn: role.arn };
    const before = await post(body);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ decision: "NotEvaluated", reason: expect.stringMatching(/fresh: its trust policy has not been read from IAM yet/), roles: [{ roleName: "fresh", decision: null, judgedOn: null }] });
    expect(ZSimulateOutput.safeParse(before.body).success).toBe(true);

    await db.iamRole.update({ where: { id: role.id }, data: { actualTrustPolicy: policyFor(["project_path:team/*"]), actualFetchedAt: new Date() } });
    const after = await post(body);
    expect(after.body).toMatchObject({ decision: "Allow", roles: [{ roleName: "fresh", decision: "Allow", judgedOn: "actual" }] });
    expect(after.body.reason).toBeUndefined();
  });

  it("an inline policy that trusts no provider for the token's issuer is ImplicitDeny with the explanation, not a 400", async () => {
    signInAs(requester.id);
    const res = await post({ claims: { ...claims("project_path:team/web:ref_type:branch:ref:main"), iss: "https://gitlab.com" }, policy: policyFor(["*"]) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ decision: "ImplicitDeny", warnings: [expect.stringMatching(/No statement trusts an OIDC provider for the token's issuer 'gitlab.com'/)] });
    expect(res.body.reason).toBeUndefined();
  });

  it("an inline policy never answers NotEvaluated", async () => {
    signInAs(requester.id);
    for (const sub of ["project_path:team/web:ref_type:branch:ref:main", "project_path:x/y:ref_type:tag:ref:v1"]) {
      const res = await post({ claims: claims(sub), policy: policyFor(["project_path:team/*"]) });
      expect(["Allow", "ImplicitDeny", "ExplicitDeny"]).toContain(res.body.decision);
    }
  });
});
