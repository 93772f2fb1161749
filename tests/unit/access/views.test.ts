import { describe, expect, it } from "vitest";
import { whatCanAssumeCsv, whoCanAssumeCsv } from "@/lib/access/csv";
import { whatCanAssumeView, type RoleToJudge } from "@/lib/access/what-can-assume";
import { whoCanAssumeView, type RoleForAccess } from "@/lib/access/who-can-assume";
import { toPolicyMapping } from "@/lib/mappings/model";
import { compileTrustPolicy } from "@/lib/policy";

// The access views are pure: plain roles and mappings in, rows out (the service only loads them).
const PROVIDER = "arn:aws:iam::111122223333:oidc-provider/gitlab.com";
const account = { accountId: "111122223333", issuerUrl: "https://gitlab.com", oidcProviderArn: PROVIDER, audiences: ["https://gitlab.com"] };
const mapping = {
  id: "m1",
  scope: "project" as const,
  gitlabPath: "acme/web",
  refType: "branch" as const,
  refPattern: "main",
  environment: null,
  audience: "https://gitlab.com",
  decidedAt: new Date("2026-01-02T03:04:05Z"),
  requester: { username: "ria" },
  approvals: [{ createdAt: new Date("2026-01-02T03:04:05Z"), approver: { username: "avery" } }],
};
const role: RoleForAccess & RoleToJudge = { id: "r1", name: "deploy", arn: "arn:aws:iam::111122223333:role/deploy", production: false, actualTrustPolicy: null, actualFetchedAt: null, awsAccount: account, mappings: [mapping] };

describe("who can assume, before IAM was read", () => {
  it("lists the desired grants only, traced to their mapping, with no difference to show", () => {
    const view = whoCanAssumeView(role, { roleId: "r1", show: "all", format: "json", sort: "policy", dir: "asc" });
    expect(view.role).toMatchObject({ actualRead: false, accountId: "111122223333" });
    expect(view.rows).toEqual([
      {
        source: "desired",
        managed: true,
        sid: null,
        effect: "Allow",
        principal: PROVIDER,
        audiences: ["https://gitlab.com"],
        pattern: "project_path:acme/web:ref_type:branch:ref:main",
        projects: "project acme/web",
        refs: "branch main",
        mappings: [{ id: "m1", gitlabPath: "acme/web", scope: "project", refType: "branch", ref: "main", audience: "https://gitlab.com", requester: "ria", approvers: ["avery"], approvedAt: "2026-01-02T03:04:05.000Z" }],
        difference: null,
        notes: [],
      },
    ]);
    expect(whoCanAssumeCsv(view).split("\r\n")[1]).toContain(",not read from IAM yet,");
  });
});

describe("what can a project assume, for a role not read from IAM", () => {
  it("does not judge it (NotEvaluated), and lists the approved mappings that would admit the job as the desired state", () => {
    const q = { project: "acme/web", refType: "branch" as const, ref: "main", format: "json" as const, sort: "role" as const, dir: "asc" as const };
    const view = whatCanAssumeView(q, [role, { ...role, id: "r2", arn: "arn:aws:iam::111122223333:role/other", mappings: [] }]);
    expect(view).toMatchObject({ sub: "project_path:acme/web:ref_type:branch:ref:main", decision: "NotEvaluated", rolesChecked: 2, rolesEvaluated: 0, rolesNotRead: 2 });
    expect(view.rows).toEqual([]);
    // Only the role whose desired mappings admit the job is listed; the other is counted.
    expect(view.notJudged).toEqual([
      { roleId: "r1", roleName: "deploy", roleArn: role.arn, accountId: "111122223333", why: "not-read", reason: expect.stringMatching(/not been read from IAM/), desired: [{ id: "m1", gitlabPath: "acme/web", ref: "branch main", audience: "https://gitlab.com" }] },
    ]);
    expect(whatCanAssumeCsv(view, q).split("\r\n")[1]).toBe(`acme/web,branch,main,project_path:acme/web:ref_type:branch:ref:main,${role.arn},deploy,111122223333,not-read,https://gitlab.com,NotEvaluated,,,m1`);
    expect(whatCanAssumeView({ ...q, ref: "dev" }, [role]).notJudged).toEqual([]);
  });
});

describe("what can a project assume, for roles read from IAM", () => {
  const compiled = compileTrustPolicy({ mappings: [toPolicyMapping(mapping, PROVIDER)] });
  if (!compiled.ok) throw new Error("fixture policy does not compile");
  const readRole: RoleToJudge = { ...role, actualTrustPolicy: compiled.policy, actualFetchedAt: new Date("2026-01-03T00:00:00Z") };
  const q = { project: "acme/web", refType: "branch" as const, ref: "main", format: "json" as const, sort: "role" as const, dir: "asc" as const };

  it("judges the role on the policy read from IAM, and says so per row", () => {
    const view = whatCanAssumeView(q, [readRole]);
    expect(view).toMatchObject({ decision: "Allow", rolesEvaluated: 1, rolesNotRead: 0, notJudged: [] });
    expect(view.rows).toEqual([expect.objectContaining({ roleId: "r1", source: "actual", audience: "https://gitlab.com", decision: "Allow", mappings: [{ id: "m1", gitlabPath: "acme/web", ref: "branch main" }] })]);
    expect(whatCanAssumeCsv(view, q).split("\r\n")[1]).toMatch(/^acme\/web,branch,main,project_path:acme\/web:ref_type:branch:ref:main,arn:aws:iam::111122223333:role\/deploy,deploy,111122223333,actual,https:\/\/gitlab.com,Allow,/);
  });

  it("judges the policy IAM holds, not the desired one: an approved mapping IAM lacks admits nobody", () => {
    const emptyInIam: RoleToJudge = { ...readRole, actualTrustPolicy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] } };
    expect(whatCanAssumeView(q, [emptyInIam])).toMatchObject({ decision: "ImplicitDeny", rows: [], rolesEvaluated: 1, notJudged: [] });
  });

  it("a role read and absent from IAM is not judged, and says why", () => {
    const absent: RoleToJudge = { ...role, actualTrustPolicy: null, actualFetchedAt: new Date("2026-01-03T00:00:00Z") };
    expect(whatCanAssumeView(q, [absent]).notJudged).toEqual([expect.objectContaining({ why: "absent-from-iam", reason: expect.stringMatching(/did not exist in IAM/) })]);
  });
});
