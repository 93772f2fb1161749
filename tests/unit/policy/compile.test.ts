import { describe, expect, it } from "vitest";
import { compileTrustPolicy, measurePolicySize, TRUSTMAP_SID_PREFIX, type Mapping, type TrustStatement } from "@/lib/policy";

const PROVIDER = "arn:aws:iam::123456789012:oidc-provider/gitlab.example.com";
const OTHER = "arn:aws:iam::123456789012:oidc-provider/gitlab.other.org";

function mapping(id: string, path: string, ref = "main", extra: Partial<Mapping> = {}): Mapping {
  return { id, selector: { scope: path.includes("/") ? "project" : "group", path, refType: "branch", ref }, audience: "sts.amazonaws.com", providerArn: PROVIDER, ...extra };
}

function compileOk(input: Parameters<typeof compileTrustPolicy>[0]) {
  const result = compileTrustPolicy(input);
  if (!result.ok) throw new Error(result.error.message);
  return result;
}

describe("compileTrustPolicy", () => {
  it("emits one managed statement with aud and sub conditions", () => {
    const result = compileOk({ mappings: [mapping("m1", "team/app")] });
    expect(result.json).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"' + result.managed[0]?.sid + '","Effect":"Allow","Principal":{"Federated":"' + PROVIDER + '"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"gitlab.example.com:aud":"sts.amazonaws.com"},"StringLike":{"gitlab.example.com:sub":"project_path:team/app:ref_type:branch:ref:main"}}}]}',
    );
    expect(result.size).toBe(result.json.length);
    expect(result.managed[0]?.sid).toMatch(new RegExp(`^${TRUSTMAP_SID_PREFIX}[0-9A-F]{8}$`));
  });

  it("is byte-identical for any order of the same mappings", () => {
    const mappings = [mapping("a", "team/app"), mapping("b", "ops"), mapping("c", "team/web", "release/*", { audience: "deploy" }), mapping("d", "x/y", "main", { providerArn: OTHER })];
    const json = compileOk({ mappings }).json;
    expect(compileOk({ mappings: [...mappings].reverse() }).json).toBe(json);
    expect(compileOk({ mappings: [mappings[2], mappings[0], mappings[3], mappings[1]] as Mapping[] }).json).toBe(json);
  });

  it("groups by provider and audience, sorted, with stable alphanumeric Sids", () => {
    const result = compileOk({ mappings: [mapping("a", "team/app"), mapping("b", "team/web", "main", { audience: "deploy" }), mapping("c", "x/y", "main", { providerArn: OTHER })] });
    expect(result.managed.map((m) => [m.providerArn, m.audience])).toEqual([
      [PROVIDER, "deploy"],
      [PROVIDER, "sts.amazonaws.com"],
      [OTHER, "sts.amazonaws.com"],
    ]);
    for (const m of result.managed) expect(m.sid).toMatch(/^[A-Za-z0-9]+$/);
    expect(new Set(result.managed.map((m) => m.sid)).size).toBe(3);
    const statements = result.policy.Statement as TrustStatement[];
    expect(statements[2]?.Condition?.StringLike).toEqual({ "gitlab.other.org:sub": "project_path:x/y:ref_type:branch:ref:main" });
  });

  it("uses a list for several patterns, minimal and sorted", () => {
    const result = compileOk({ mappings: [mapping("a", "team/app"), mapping("b", "team"), mapping("c", "ops/x", "v*"), mapping("d", "ops/x", "v1")] });
    expect(result.managed[0]?.patterns).toEqual(["project_path:ops/x:ref_type:branch:ref:v*", "project_path:team/*:ref_type:branch:ref:main"]);
    expect(result.managed[0]?.mappingIds).toEqual(["a", "b", "c", "d"]);
    expect(result.findings.filter((f) => f.code === "pattern-subsumed").map((f) => f.pattern)).toEqual(["project_path:ops/x:ref_type:branch:ref:v1", "project_path:team/app:ref_type:branch:ref:main"]);
  });

  it("keeps foreign statements verbatim and in place, replacing the managed one", () => {
    const foreignA = { Sid: "Legacy", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: ["sts:AssumeRole"] };
    const foreignB = { Effect: "Deny", Principal: "*", Action: "sts:*", Condition: { StringLike: { "gitlab.example.com:sub": "*:ref:tmp-*" } } };
    const oldManaged = { Sid: `${TRUSTMAP_SID_PREFIX}DEADBEEF`, Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity" };
    const existing = { Version: "2012-10-17", Id: "keep-me", Statement: [foreignA, oldManaged, foreignB] };
    const result = compileOk({ mappings: [mapping("a", "team/app")], existing: encodeURIComponent(JSON.stringify(existing)) });
    const statements = result.policy.Statement as TrustStatement[];
    expect(statements).toHaveLength(3);
    expect(statements[0]).toEqual(foreignA);
    expect(statements[1]?.Sid).toBe(result.managed[0]?.sid);
    expect(statements[2]).toEqual(foreignB);
    expect(result.policy).toMatchObject({ Version: "2012-10-17", Id: "keep-me" });
  });

  it("appends managed statements after foreign ones when none existed", () => {
    const foreign = { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" };
    const result = compileOk({ mappings: [mapping("a", "team/app")], existing: { Version: "2012-10-17", Statement: foreign } });
    expect((result.policy.Statement as TrustStatement[]).map((s) => s.Sid)).toEqual([undefined, result.managed[0]?.sid]);
  });

  it("removes managed statements when no mapping is left", () => {
    const foreign = { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" };
    const existing = { Version: "2012-10-17", Statement: [foreign, { Sid: `${TRUSTMAP_SID_PREFIX}1`, Effect: "Allow", Principal: "*", Action: "sts:*" }] };
    expect(compileOk({ mappings: [], existing }).policy.Statement).toEqual([foreign]);
  });

  it("refuses to produce an empty policy", () => {
    const result = compileTrustPolicy({ mappings: [], existing: { Statement: [{ Sid: `${TRUSTMAP_SID_PREFIX}1`, Effect: "Allow", Principal: "*", Action: "sts:*" }] } });
    expect(result).toMatchObject({ ok: false, error: { code: "EMPTY_POLICY" } });
    expect(compileTrustPolicy({ mappings: [] })).toMatchObject({ ok: false, error: { code: "EMPTY_POLICY" } });
  });

  it("reports how far over the quota a policy is and which mappings to move", () => {
    const mappings = Array.from({ length: 60 }, (_, i) => mapping(`m${String(i).padStart(2, "0")}`, `team/app${i}`));
    const result = compileTrustPolicy({ mappings });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("POLICY_TOO_LARGE");
    expect(result.error.over).toBe((result.error.size ?? 0) - 2048);
    expect(result.error.message).toContain(`${result.error.over} over the 2048-character quota`);
    const moved = new Set(result.error.mappingsToMove);
    expect(moved.size).toBeGreaterThan(0);
    const rest = compileOk({ mappings: mappings.filter((m) => !moved.has(m.id)) });
    expect(rest.size).toBeLessThanOrEqual(2048);
    expect(compileOk({ mappings, quota: 4096 }).size).toBeLessThanOrEqual(4096);
  });

  it("warns within 10% of the quota", () => {
    const mappings = Array.from({ length: 33 }, (_, i) => mapping(`m${i}`, `team/app${i}`));
    const result = compileOk({ mappings });
    expect(result.size).toBeGreaterThan(2048 * 0.9);
    expect(result.findings.map((f) => f.code)).toContain("size-near-quota");
    expect(measurePolicySize(result.json)).toEqual({ ok: true, size: result.size });
  });

  it("rejects quotas IAM does not offer", () => {
    expect(compileTrustPolicy({ mappings: [mapping("a", "team/app")], quota: 3000 })).toMatchObject({ ok: false, error: { code: "INVALID_QUOTA" } });
  });

  it("names every invalid mapping field", () => {
    const result = compileTrustPolicy({
      mappings: [mapping("a", "team/app", "refs/merge-requests/1/head"), mapping("a", "team/app"), { ...mapping("b", "x/y"), providerArn: "arn:aws:iam::123:role/x" }, { ...mapping("c", "x/y"), issuer: "https://gitlab.com" }],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("INVALID_MAPPINGS");
    expect(result.error.errors?.map((e) => [e.field, e.code])).toEqual([
      ["mappings[a].selector.ref", "merge_request_ref"],
      ["mappings[a].id", "duplicate_id"],
      ["mappings[b].providerArn", "invalid_provider_arn"],
      ["mappings[c].issuer", "issuer_mismatch"],
    ]);
  });

  it("prefixes keys with the issuer URL including its path", () => {
    const provider = "arn:aws:iam::123456789012:oidc-provider/example.com/gitlab";
    const result = compileOk({ mappings: [mapping("a", "team/app", "main", { providerArn: provider, issuer: "https://example.com/gitlab" })] });
    expect((result.policy.Statement as TrustStatement[])[0]?.Condition).toEqual({
      StringEquals: { "example.com/gitlab:aud": "sts.amazonaws.com" },
      StringLike: { "example.com/gitlab:sub": "project_path:team/app:ref_type:branch:ref:main" },
    });
  });

  it("passes selector findings through with the mapping id", () => {
    const result = compileOk({ mappings: [mapping("prod", "team/app", "main", { selector: { scope: "project", path: "team/app", refType: "branch", ref: "main", environment: "production" } })] });
    expect(result.findings).toContainEqual(expect.objectContaining({ code: "environment-not-enforced", mappingId: "prod", severity: "high" }));
  });

  it("keeps a 2008-10-17 policy's version when foreign statements use ${ and writes $ unescaped", () => {
    const foreign = { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:PrincipalTag/x": "${literal}" } } };
    const result = compileOk({ mappings: [mapping("a", "team/app", "hotfix$1")], existing: { Version: "2008-10-17", Statement: [foreign] } });
    expect(result.policy.Version).toBe("2008-10-17");
    expect(result.managed[0]?.patterns).toEqual(["project_path:team/app:ref_type:branch:ref:hotfix$1"]);
    const modern = compileOk({ mappings: [mapping("a", "team/app", "hotfix$1")] });
    expect(modern.managed[0]?.patterns).toEqual(["project_path:team/app:ref_type:branch:ref:hotfix${$}1"]);
  });

  it("reports an invalid existing policy", () => {
    expect(compileTrustPolicy({ mappings: [mapping("a", "team/app")], existing: "{oops" })).toMatchObject({ ok: false, error: { code: "INVALID_EXISTING_POLICY" } });
  });
});
