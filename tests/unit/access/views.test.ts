import { describe, expect, it } from "vitest";
import { whatCanAssumeCsv, whoCanAssumeCsv } from "@/lib/access/csv";
import { whatCanAssumeView, type RoleToJudge } from "@/lib/access/what-can-assume";
import { whoCanAssumeView, type RoleForAccess } from "@/lib/access/who-can-assume";

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
    const view = whoCanAssumeView(role, { roleId: "r1", show: "all", format: "json" });
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
  it("judges the role on the policy its desired mappings compile to, with GitLab's default sub", () => {
    const q = { project: "acme/web", refType: "branch" as const, ref: "main", format: "json" as const };
    const view = whatCanAssumeView(q, [role, { ...role, id: "r2", arn: "arn:aws:iam::111122223333:role/other", mappings: [] }]);
    expect(view).toMatchObject({ sub: "project_path:acme/web:ref_type:branch:ref:main", rolesChecked: 2, rolesNotRead: 2 });
    expect(view.rows).toHaveLength(1);
    expect(view.rows[0]).toMatchObject({ roleId: "r1", source: "desired", audience: "https://gitlab.com", decision: "Allow", mappings: [{ id: "m1", gitlabPath: "acme/web", ref: "branch main" }] });
    expect(whatCanAssumeCsv(view, q).split("\r\n")[1]).toMatch(/^acme\/web,branch,main,project_path:acme\/web:ref_type:branch:ref:main,arn:aws:iam::111122223333:role\/deploy,/);
    expect(whatCanAssumeView({ ...q, ref: "dev" }, [role]).rows).toEqual([]);
  });
});
