import { describe, expect, it } from "vitest";
import { assessRisk } from "@/lib/requests/risk";
import { GITLAB_NOT_CHECKED, previewRequest } from "@/lib/requests/preview";
import { draft, PROVIDER, role } from "./fixtures";
import type { SelectorCheck } from "@/lib/gitlab-facts/check";
import { ciJobSnippet } from "@/lib/mappings/ci-snippet";

/** GitLab's side as checked with nothing to report (the tests below are about the policy side). */
const CHECKED: SelectorCheck = { gitlab: { checked: true, reason: null, targets: [] }, findings: [] };

describe("risk tier", () => {
  const normal = { scope: "project" as const, refType: "branch" as const, ref: "main" };
  it.each([
    ["an exact project and branch", normal, false, "normal"],
    ["a branch glob on a non-production role", { ...normal, ref: "release/*" }, false, "normal"],
    ["a whole group", { ...normal, scope: "group" as const }, false, "high"],
    ["a branch glob on a production role", { ...normal, ref: "release/*" }, true, "high"],
    ["an exact branch on a production role", normal, true, "normal"],
    ["a tag wildcard", { ...normal, refType: "tag" as const, ref: "v*" }, false, "high"],
    ["any ref type with a wildcard", { ...normal, refType: "any" as const, ref: "*" }, false, "high"],
    ["an exact tag", { ...normal, refType: "tag" as const, ref: "v1.0.0" }, false, "normal"],
  ])("%s → %s", (_name, selector, production, tier) => {
    const risk = assessRisk({ selector, production, findings: [] });
    expect(risk.tier).toBe(tier);
    expect(risk.requiredApprovals).toBe(tier === "high" ? 2 : 1);
    expect(risk.reasons.length > 0).toBe(tier === "high");
  });

  it("a high or critical lint finding makes it high; low and info do not", () => {
    const finding = (severity: "critical" | "high" | "low" | "info") => ({ code: "x", severity, message: `m-${severity}`, fix: "f" });
    expect(assessRisk({ selector: normal, production: false, findings: [finding("high")] })).toMatchObject({ tier: "high", reasons: ["linter: m-high"] });
    expect(assessRisk({ selector: normal, production: false, findings: [finding("critical")] }).tier).toBe("high");
    expect(assessRisk({ selector: normal, production: false, findings: [finding("low"), finding("info")] }).tier).toBe("normal");
  });
});

describe("request preview", () => {
  it("compiles the sub, the policy after the change, its size, and the CI snippet", () => {
    const p = previewRequest(draft(), role(), CHECKED);
    expect(p.fieldErrors).toEqual({});
    expect(p.subPatterns).toEqual(["project_path:acme/web:ref_type:branch:ref:main"]);
    expect(p.policy).toMatchObject({ ok: true, quota: 2048, basedOn: "desired-only" });
    if (!p.policy?.ok) throw new Error("no policy");
    expect(p.policy.size).toBe(p.policy.json.length);
    expect(p.policy.json).toContain('"gitlab.com:sub":"project_path:acme/web:ref_type:branch:ref:main"');
    expect(p.risk).toMatchObject({ tier: "normal", requiredApprovals: 1 });
    expect(p.snippet?.split("\n")).toEqual(
      expect.arrayContaining([
        `      aud: "https://gitlab.com"`,
        `    TRUSTMAP_ROLE_ARN: "arn:aws:iam::111122223333:role/deploy"`,
        "    TRUSTMAP_AWS_REGION: eu-west-1",
        `    - if: '$CI_COMMIT_BRANCH == "main"'`,
        "      role_arn = $TRUSTMAP_ROLE_ARN",
        "      web_identity_token_file = $aws_dir/GITLAB_OIDC_TOKEN",
      ]),
    );
    expect(p.snippet).toBe(ciJobSnippet({ role: { arn: "arn:aws:iam::111122223333:role/deploy" }, audiences: ["https://gitlab.com"], region: "eu-west-1", environment: null, rules: { refType: "branch", ref: "main" } }));
  });

  it("keeps the role's approved mappings and the foreign statements of the policy read from IAM", () => {
    const foreign = { Sid: "LegacyCi", Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "gitlab.com:aud": "https://gitlab.com", "gitlab.com:sub": "project_path:old/app:ref_type:branch:ref:main" } } };
    const approved = [{ id: "m1", selector: { scope: "project" as const, path: "acme/api", refType: "branch" as const, ref: "main" }, audience: "https://gitlab.com", providerArn: PROVIDER }];
    const p = previewRequest(draft(), role({ approved, actualTrustPolicy: { Version: "2012-10-17", Statement: [foreign] } }), CHECKED);
    if (!p.policy?.ok) throw new Error("no policy");
    expect(p.policy.basedOn).toBe("actual");
    expect(p.policy.json).toContain("LegacyCi");
    expect(p.policy.json).toContain("project_path:acme/api:ref_type:branch:ref:main");
    expect(p.policy.json).toContain("project_path:acme/web:ref_type:branch:ref:main");
  });

  it("names the form field of every selector error", () => {
    const p = previewRequest(draft({ gitlabPath: "acme/web app", refPattern: "refs/heads/main" }), role(), GITLAB_NOT_CHECKED);
    expect(Object.keys(p.fieldErrors).sort()).toEqual(["gitlabPath", "refPattern"]);
    expect(p.policy).toBeNull();
    expect(p.snippet).toBeNull();
  });

  it("refuses an audience the account's provider does not accept", () => {
    expect(previewRequest(draft({ audience: "sts.amazonaws.com" }), role(), CHECKED).fieldErrors.audience?.[0]).toMatch(/https:\/\/gitlab.com/);
  });

  it("reports a policy over the quota on the role field", () => {
    const approved = Array.from({ length: 40 }, (_, i) => ({ id: `m${i}`, selector: { scope: "project" as const, path: `acme/service-number-${i}`, refType: "branch" as const, ref: "main" }, audience: "https://gitlab.com", providerArn: PROVIDER }));
    const p = previewRequest(draft(), role({ approved }), CHECKED);
    expect(p.policy).toMatchObject({ ok: false, code: "POLICY_TOO_LARGE", quota: 2048 });
    expect(p.fieldErrors.roleId?.[0]).toMatch(/quota/);
  });

  it("flags what IAM cannot enforce and rates a production wildcard high", () => {
    const p = previewRequest(draft({ refPattern: "release/*", environment: "production" }), role({ production: true }), CHECKED);
    expect(p.subjectFindings.map((f) => f.code)).toContain("environment-not-enforced");
    expect(p.risk?.tier).toBe("high");
    expect(p.lint.map((f) => f.code)).toContain("production-ref-wildcard");
  });
});
