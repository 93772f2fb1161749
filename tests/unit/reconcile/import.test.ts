import { describe, expect, it } from "vitest";
import { compileSubjects, compileTrustPolicy, globIncludes, managedSid, readTrustPolicy } from "@/lib/policy";
import { grantKey, importView, resolveChosenGrants, trustPolicyFingerprint, type ImportContext } from "@/lib/reconcile/adopt";
import { FOREIGN_STATEMENT, ISSUER, PROVIDER_ARN, policyWith } from "./fixtures";

const CONTEXT: ImportContext = { providerArn: PROVIDER_ARN, issuerUrl: ISSUER, audienceFallback: "sts.amazonaws.com", registered: false };

const gitlab = (sid: string, sub: unknown, extra: Record<string, unknown> = {}) => ({
  Sid: sid,
  Effect: "Allow",
  Principal: { Federated: PROVIDER_ARN },
  Action: "sts:AssumeRoleWithWebIdentity",
  Condition: { StringEquals: { "gitlab.example.com:aud": "sts.amazonaws.com" }, StringLike: { "gitlab.example.com:sub": sub }, ...extra },
});

describe("importView: a role's trust policy as the import page shows it", () => {
  it("shows each statement that trusts the provider with its grants as mappings, what cannot be imported, and its lint findings", () => {
    const document = policyWith(
      FOREIGN_STATEMENT,
      gitlab("Deploy", ["project_path:team/app:ref_type:branch:ref:main", "project_path:ops/*:ref_type:tag:ref:v*"]),
      gitlab("Everything", "project_path:*"),
    );
    const view = importView(document, CONTEXT);
    expect(view.statements.map((s) => [s.statementIndex, s.sid, s.proposals.map((p) => p.pattern)])).toEqual([
      [1, "Deploy", ["project_path:team/app:ref_type:branch:ref:main", "project_path:ops/*:ref_type:tag:ref:v*"]],
      [2, "Everything", []],
    ]);
    expect(view.statements[0]!.proposals.map((p) => [p.selector, p.audience, p.alreadyMapped])).toEqual([
      [{ scope: "project", path: "team/app", refType: "branch", ref: "main" }, "sts.amazonaws.com", false],
      [{ scope: "group", path: "ops", refType: "tag", ref: "v*" }, "sts.amazonaws.com", false],
    ]);
    expect(view.statements[1]!.unadoptable).toEqual([expect.stringContaining("project_path:* is not project_path:…:ref_type:…:ref:…")]);
    // The linter speaks about each statement separately: the open one is critical.
    expect(view.statements[1]!.findings.map((f) => f.severity)).toContain("critical");
    expect(view.statements[0]!.findings.every((f) => f.statementIndex === 1)).toBe(true);
    expect(view.policySha256).toBe(trustPolicyFingerprint(document));
  });

  it("never proposes a grant whose other conditions the mapping would drop (that would widen it)", () => {
    const view = importView(policyWith(gitlab("FromOffice", "project_path:team/app:ref_type:branch:ref:main", { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } })), CONTEXT);
    expect(view.statements[0]!.proposals).toEqual([]);
    expect(view.statements[0]!.unadoptable).toEqual([expect.stringContaining("aws:SourceIp")]);
  });

  it("imports a $ in a ref: trustmap writes it escaped (${$}), which the policy engine proves admits the same jobs", () => {
    const view = importView(policyWith(gitlab("Dollar", "project_path:team/app:ref_type:branch:ref:v$1")), CONTEXT);
    expect(view.statements[0]!.proposals.map((p) => p.selector.ref)).toEqual(["v$1"]);
    const written = compileSubjects(view.statements[0]!.proposals[0]!.selector);
    expect(written).toMatchObject({ ok: true, patterns: ["project_path:team/app:ref_type:branch:ref:v${$}1"] });
    expect(globIncludes("project_path:team/app:ref_type:branch:ref:v${$}1", "project_path:team/app:ref_type:branch:ref:v$1")).toBe(true);
  });

  it("every proposal, compiled as trustmap would write it, admits nothing its statement's pattern does not", () => {
    const patterns = [
      "project_path:team/app:ref_type:branch:ref:main",
      "project_path:team/*:ref_type:branch:ref:release/*",
      "project_path:team/app:ref_type:*:ref:*",
      "project_path:a/b/c:ref_type:tag:ref:v?.*",
    ];
    const view = importView(policyWith(gitlab("Many", patterns)), CONTEXT);
    const proposals = view.statements.flatMap((s) => s.proposals);
    expect(proposals.map((p) => p.pattern)).toEqual(patterns);
    const compiled = compileTrustPolicy({ mappings: proposals.map((p, i) => ({ id: `m${i}`, selector: p.selector, audience: p.audience, providerArn: PROVIDER_ARN })), existing: null, quota: 8192 });
    if (!compiled.ok) throw new Error(compiled.error.message);
    const read = readTrustPolicy(compiled.json);
    if (!read.ok) throw new Error("unreadable");
    const written = read.grants.filter((g) => g.owned).flatMap((g) => g.subjects.flatMap((s) => s.values));
    expect(written.length).toBeGreaterThan(0);
    for (const pattern of written) expect(patterns.some((original) => globIncludes(pattern, original)), pattern).toBe(true);
  });

  it("for a registered role leaves out trustmap's own statement and marks grants it already has", () => {
    const owned = { ...gitlab("x", "project_path:team/app:ref_type:branch:ref:main"), Sid: managedSid(PROVIDER_ARN, "sts.amazonaws.com") };
    const document = policyWith(owned, gitlab("Legacy", ["project_path:team/app:ref_type:branch:ref:main", "project_path:team/web:ref_type:branch:ref:main"]));
    const mapped = new Set([grantKey({ scope: "project", path: "team/app", refType: "branch", ref: "main" }, "sts.amazonaws.com")]);
    const registered = importView(document, { ...CONTEXT, registered: true, mapped });
    expect(registered.statements.map((s) => s.sid)).toEqual(["Legacy"]);
    expect(registered.statements[0]!.proposals.map((p) => [p.selector.path, p.alreadyMapped])).toEqual([["team/app", true], ["team/web", false]]);
    // Not registered (a role an earlier installation managed): its own statement is offered too, and said to be trustmap's.
    const unregistered = importView(document, CONTEXT);
    expect(unregistered.statements.map((s) => [s.statementIndex, s.owned])).toEqual([[0, true], [1, false]]);
  });
});

describe("resolveChosenGrants: only what the policy holds now", () => {
  const view = importView(policyWith(gitlab("Deploy", ["project_path:team/app:ref_type:branch:ref:main", "project_path:ops/*:ref_type:tag:ref:v*"])), CONTEXT);

  it("returns the chosen proposals", () => {
    const chosen = resolveChosenGrants(view, [{ statementIndex: 0, pattern: "project_path:ops/*:ref_type:tag:ref:v*", audience: "sts.amazonaws.com" }]);
    expect(chosen).toMatchObject({ ok: true, proposals: [{ selector: { scope: "group", path: "ops" }, sid: "Deploy" }] });
  });

  it.each([
    [{ statementIndex: 0, pattern: "project_path:team/*:ref_type:branch:ref:main", audience: "sts.amazonaws.com" }, "a pattern the statement does not hold"],
    [{ statementIndex: 1, pattern: "project_path:team/app:ref_type:branch:ref:main", audience: "sts.amazonaws.com" }, "another statement"],
    [{ statementIndex: 0, pattern: "project_path:team/app:ref_type:branch:ref:main", audience: "other" }, "another audience"],
  ])("refuses %j (%s)", (grant) => {
    expect(resolveChosenGrants(view, [{ statementIndex: 0, pattern: "project_path:ops/*:ref_type:tag:ref:v*", audience: "sts.amazonaws.com" }, grant])).toEqual({ ok: false, reason: expect.stringContaining("is not a grant the role's trust policy holds") });
  });

  it("refuses a grant that is already a mapping, and an empty choice", () => {
    const mapped = new Set([grantKey({ scope: "project", path: "team/app", refType: "branch", ref: "main" }, "sts.amazonaws.com")]);
    const registered = importView(policyWith(gitlab("Deploy", "project_path:team/app:ref_type:branch:ref:main")), { ...CONTEXT, registered: true, mapped });
    expect(resolveChosenGrants(registered, [{ statementIndex: 0, pattern: "project_path:team/app:ref_type:branch:ref:main", audience: "sts.amazonaws.com" }])).toEqual({ ok: false, reason: expect.stringContaining("already a mapping") });
    expect(resolveChosenGrants(view, [])).toEqual({ ok: false, reason: "Choose at least one grant to import" });
  });
});

describe("trustPolicyFingerprint", () => {
  it("ignores whitespace and key order, and changes with any edit", () => {
    const a = trustPolicyFingerprint('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}');
    expect(trustPolicyFingerprint('{ "Statement": [ { "Action": "sts:AssumeRole", "Effect": "Allow" } ],\n "Version": "2012-10-17" }')).toBe(a);
    expect(trustPolicyFingerprint('{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"sts:AssumeRole"}]}')).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });
});
