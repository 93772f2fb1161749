import { describe, expect, it } from "vitest";
import { rolePeopleCsv, roleGrants, userReachCsv } from "@/lib/access/people";

const PROVIDER = "arn:aws:iam::111122223333:oidc-provider/gitlab.com";
const account = { accountId: "111122223333", issuerUrl: "https://gitlab.com", oidcProviderArn: PROVIDER };
const statement = (sub: Record<string, unknown>, over: Record<string, unknown> = {}) => ({
  Effect: "Allow",
  Principal: { Federated: PROVIDER },
  Action: "sts:AssumeRoleWithWebIdentity",
  Condition: { StringEquals: { "gitlab.com:aud": "https://gitlab.com" }, ...sub },
  ...over,
});
const policy = (...Statement: unknown[]) => ({ Version: "2012-10-17", Statement });
const mapping = { scope: "project" as const, gitlabPath: "acme/api", refType: "branch" as const, refPattern: "main", environment: null };
const read = new Date("2026-01-01T00:00:00Z");

describe("the grants behind a role, for people", () => {
  it("reads them from the policy read from IAM: every Allow for this provider, exact values made literal", () => {
    const g = roleGrants({
      awsAccount: account,
      actualFetchedAt: read,
      actualTrustPolicy: policy(
        statement({ StringLike: { "gitlab.com:sub": ["project_path:acme/web:ref_type:branch:ref:release/*"] } }),
        statement({ StringEquals: { "gitlab.com:aud": "https://gitlab.com", "gitlab.com:sub": "project_path:acme/web:ref_type:branch:ref:odd*name" } }),
        statement({ StringLike: { "gitlab.com:sub": "project_path:other/x:ref_type:branch:ref:main" } }, { Principal: { Federated: "arn:aws:iam::111122223333:oidc-provider/other.example" } }),
      ),
      mappings: [mapping],
    });

    expect(g.basedOn).toBe("actual");
    expect(g.grants).toEqual([{ pattern: "project_path:acme/web:ref_type:branch:ref:release/*" }, { pattern: "project_path:acme/web:ref_type:branch:ref:odd${*}name" }]);
  });

  it("a Deny is noted as not subtracted, so the list can only be too long", () => {
    const g = roleGrants({ awsAccount: account, actualFetchedAt: read, actualTrustPolicy: policy(statement({ StringLike: { "gitlab.com:sub": "project_path:acme/web:*" } }), statement({ StringLike: { "gitlab.com:sub": "project_path:acme/web:ref_type:branch:ref:x" } }, { Effect: "Deny" })), mappings: [] });

    expect(g.notes.join(" ")).toContain("Deny");
  });

  it("not read from IAM: the approved mappings, labelled desired, with why", () => {
    const g = roleGrants({ awsAccount: account, actualFetchedAt: null, actualTrustPolicy: null, mappings: [mapping] });

    expect(g).toMatchObject({ basedOn: "desired", grants: [{ pattern: "project_path:acme/api:ref_type:branch:ref:main" }] });
    expect(g.notes[0]).toContain("has not been read from IAM yet");
  });

  it("a role IAM did not have when last read is desired too, and says so", () => {
    const g = roleGrants({ awsAccount: account, actualFetchedAt: read, actualTrustPolicy: null, mappings: [mapping] });

    expect(g.basedOn).toBe("desired");
    expect(g.notes[0]).toContain("did not exist in IAM");
  });

  it("exports one CSV row per person and way in, and per role and way in", () => {
    const via = { project: "acme/web", refType: "branch" as const, ref: "main", grant: "project_path:acme/web:ref_type:branch:ref:main", how: "Maintainer (push rule main: Maintainers)" };
    const people = rolePeopleCsv({ role: { id: "r", name: "deploy", arn: "arn:aws:iam::1:role/deploy" }, basedOn: "actual", people: [{ username: "max", name: "Max, M.", accessLevel: 40, via: [via, { ...via, ref: "v*", refType: "tag" }] }] });
    const lines = people.trim().split(/\r?\n/);

    expect(lines[0]).toBe("role_arn,based_on,username,name,access_level,role,project,ref_type,ref,grant,how");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('"Max, M."');
    expect(lines[1]).toContain(",Maintainer,");
    const reach = userReachCsv({ username: "max", roles: [{ roleArn: "arn:aws:iam::1:role/deploy", via: [via] }] }).trim().split(/\r?\n/);
    expect(reach).toEqual(["username,role_arn,project,ref_type,ref,grant,how", "max,arn:aws:iam::1:role/deploy,acme/web,branch,main,project_path:acme/web:ref_type:branch:ref:main,Maintainer (push rule main: Maintainers)"]);
  });
});
