import { describe, expect, it } from "vitest";
import { whatCanAssumeView, type RoleToJudge } from "@/lib/access/what-can-assume";
import { claimsForJob, simulateAgainstRoles, simulateInlinePolicy, type SimulatedRole } from "@/lib/simulate/simulate";
import { ZSimulateOutput } from "@/lib/schemas/simulate";

// The Simulator's core is pure: roles as stored (policy read from IAM, or not) in, the answer out.
const PROVIDER = "arn:aws:iam::111122223333:oidc-provider/gitlab.com";
const account = { accountId: "111122223333", issuerUrl: "https://gitlab.com", oidcProviderArn: PROVIDER, audiences: ["https://gitlab.com"] };
const READ_AT = new Date("2026-01-02T03:04:05Z");
const allowing = (sub: string) => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "gitlab.com:aud": "https://gitlab.com" }, StringLike: { "gitlab.com:sub": sub } } }],
});
const job = claimsForJob({ issuerUrl: "https://gitlab.com", audience: "https://gitlab.com", projectPath: "acme/web", refType: "branch", ref: "main" });
const SUB = "project_path:acme/web:ref_type:branch:ref:main";

function role(name: string, stored: { actualTrustPolicy: unknown; actualFetchedAt: Date | null }): SimulatedRole {
  return { arn: `arn:aws:iam::111122223333:role/${name}`, name, awsAccount: account, ...stored };
}
const notRead = (name: string) => role(name, { actualTrustPolicy: null, actualFetchedAt: null });
const absent = (name: string) => role(name, { actualTrustPolicy: null, actualFetchedAt: READ_AT });
const read = (name: string, policy: unknown) => role(name, { actualTrustPolicy: policy, actualFetchedAt: READ_AT });

describe("simulateAgainstRoles", () => {
  it.each([
    ["no role registered", [], "NotEvaluated", /No role is registered/],
    ["every role not read from IAM", [notRead("a"), notRead("b")], "NotEvaluated", /No role's trust policy could be evaluated \(a: its trust policy has not been read from IAM yet; b: /],
    ["the only role absent from IAM when read", [absent("a")], "NotEvaluated", /a: the role did not exist in IAM when last read/],
    ["the only role's stored policy unparseable", [read("a", { Statement: "nope" })], "NotEvaluated", /a: its trust policy could not be evaluated/],
    ["a role read from IAM allows", [notRead("a"), read("b", allowing(SUB))], "Allow", undefined],
    ["a role read from IAM denies", [read("b", allowing("project_path:other/*"))], "ImplicitDeny", undefined],
  ] as const)("%s → %s", (_name, roles, decision, reason) => {
    const out = simulateAgainstRoles(job, roles);
    expect(out.decision).toBe(decision);
    if (reason) expect(out.reason).toMatch(reason);
    else expect(out.reason).toBeUndefined();
    expect(ZSimulateOutput.safeParse(out).success).toBe(true);
  });

  it("says per role whether it judged the actual state, and why it skipped the others", () => {
    const out = simulateAgainstRoles(job, [notRead("a"), absent("b"), read("c", allowing(SUB))]);
    expect(out.roles).toEqual([
      { roleArn: "arn:aws:iam::111122223333:role/a", roleName: "a", decision: null, judgedOn: null, fetchedAt: null, skipped: expect.stringMatching(/^Its trust policy has not been read from IAM yet\. Run a reconcile plan/), warnings: [] },
      { roleArn: "arn:aws:iam::111122223333:role/b", roleName: "b", decision: null, judgedOn: null, fetchedAt: READ_AT.toISOString(), skipped: expect.stringMatching(/^The role did not exist in IAM when last read\./), warnings: [] },
      { roleArn: "arn:aws:iam::111122223333:role/c", roleName: "c", decision: "Allow", judgedOn: "actual", fetchedAt: READ_AT.toISOString(), skipped: null, warnings: [] },
    ]);
    // A decision that covers only some roles says so.
    expect(out.warnings).toContainEqual(expect.stringMatching(/^2 of 3 roles were not evaluated/));
  });

  it("an output claiming NotEvaluated without its reason breaks the contract", () => {
    expect(ZSimulateOutput.safeParse({ decision: "NotEvaluated", statements: [], warnings: [], claims: {} }).success).toBe(false);
  });
});

describe("simulateInlinePolicy", () => {
  it("a policy that trusts no provider for the token's issuer is an explained ImplicitDeny, not a request for providerArn", () => {
    const out = simulateInlinePolicy(allowing(SUB), { ...job, iss: "https://gitlab.example.com" });
    expect(out.decision).toBe("ImplicitDeny");
    expect(out.warnings).toEqual([expect.stringMatching(/No statement trusts an OIDC provider for the token's issuer 'gitlab.example.com'/)]);
  });

  it.each([
    ["matching", SUB, "Allow"],
    ["not matching", "project_path:other/*", "ImplicitDeny"],
  ] as const)("an inline policy always gets a policy decision (%s)", (_name, sub, decision) => {
    expect(simulateInlinePolicy(allowing(sub), job).decision).toBe(decision);
  });
});

describe("the Simulator and 'what can a project assume' agree", () => {
  // Same roles, same job: the roles one says allow are the roles the other lists; neither judges a role not read.
  const roles = [notRead("unread"), absent("gone"), read("yes", allowing(SUB)), read("no", allowing("project_path:other/*"))];
  const asAccess: RoleToJudge[] = roles.map((r) => ({
    ...r,
    id: r.name,
    awsAccount: account,
    // An approved mapping for the job on every role: the desired state must not change any answer.
    mappings: [{ id: `m-${r.name}`, scope: "project", gitlabPath: "acme/web", refType: "branch", refPattern: "main", environment: null, audience: "https://gitlab.com" }],
  }));

  it.each([
    ["every role", roles, asAccess],
    ["only roles not read", roles.slice(0, 2), asAccess.slice(0, 2)],
    ["only a denying role", roles.slice(3), asAccess.slice(3)],
  ] as const)("%s", (_name, simRoles, accessRoles) => {
    const sim = simulateAgainstRoles(job, simRoles);
    const access = whatCanAssumeView({ project: "acme/web", refType: "branch", ref: "main", format: "json", sort: "role", dir: "asc" }, accessRoles);
    expect(access.decision).toBe(sim.decision);
    expect(access.rows.map((r) => r.roleName)).toEqual((sim.roles ?? []).filter((r) => r.decision === "Allow").map((r) => r.roleName));
    expect(access.notJudged.map((r) => r.roleName)).toEqual((sim.roles ?? []).filter((r) => r.judgedOn === null).map((r) => r.roleName));
  });
});
