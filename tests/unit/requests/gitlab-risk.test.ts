/** Risk and the request preview judged with GitLab's facts (issue #12.3): the server-side cores. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkSelector, type SelectorCheck } from "@/lib/gitlab-facts/check";
import type { ProjectFactsState } from "@/lib/gitlab-facts/facts-state";
import { GITLAB_NOT_CHECKED, previewRequest, reviewOf, type RequestDraft } from "@/lib/requests/preview";
import { assessRisk } from "@/lib/requests/risk";
import { prettyJsonLines } from "@/lib/reconcile/json-diff";
import { ZGitLabCheck } from "@/lib/schemas/gitlab-facts";
import type { GitLabSelector } from "@/lib/policy";
import { branch, facts, noGroups, tag } from "@/tests/unit/gitlab-facts/fixtures";
import { draft, PROVIDER, role } from "./fixtures";

const known = (f = facts()): ProjectFactsState => ({ known: true, facts: f, fetchedAt: "2026-01-01T00:00:00.000Z", lastError: null });

/** GitLab's side of a draft as the service computes it, from the given facts of acme/web. */
function sideOf(d: RequestDraft, state: ProjectFactsState | null, connected = true): SelectorCheck {
  const selector: GitLabSelector = { scope: d.scope, path: d.gitlabPath, refType: d.refType, ref: d.refPattern };
  return checkSelector({ selector, connected, project: (p) => (state && p === "acme/web" ? state : { known: false, reason: "not read yet" }), groups: noGroups });
}

describe("risk with GitLab's facts", () => {
  const normal = { scope: "project" as const, refType: "branch" as const, ref: "main" };
  const severity = fc.constantFrom("critical", "high", "medium", "low", "info");

  it("is high exactly when a GitLab finding is high or critical, each such finding's message a reason as is", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ severity, message: fc.string({ minLength: 1 }) }), { maxLength: 6 }), (gitlab) => {
        const risk = assessRisk({ selector: normal, production: false, findings: [], gitlab });
        const serious = gitlab.filter((f) => f.severity === "high" || f.severity === "critical");
        expect(risk.tier).toBe(serious.length > 0 ? "high" : "normal");
        expect(risk.requiredApprovals).toBe(serious.length > 0 ? 2 : 1);
        expect(new Set(risk.reasons)).toEqual(new Set(serious.map((f) => f.message)));
      }),
    );
  });

  it("an exact branch nobody protected is high risk, with the reason naming the people who can push it", () => {
    const d = draft({ refPattern: "feature/x" });
    const p = previewRequest(d, role(), sideOf(d, known(facts({ protectedBranches: [branch("main")] }))));

    expect(p.risk?.tier).toBe("high");
    expect(p.risk?.reasons).toEqual(["feature/x on acme/web is not protected: 7 people with Developer access can push it"]);
    expect(p.gitlab.targets[0]).toMatchObject({ project: "acme/web", protected: false, allowForcePush: false });
  });

  it("a protected branch only Maintainers may push or merge is normal risk, and names exactly them", () => {
    const d = draft();
    const p = previewRequest(d, role(), sideOf(d, known(facts({ protectedBranches: [branch("main")] }))));

    expect(p.risk).toEqual({ tier: "normal", requiredApprovals: 1, reasons: [] });
    expect(p.gitlab.checked).toBe(true);
    expect(p.gitlab.targets[0]?.people.map((x) => [x.username, x.accessLevel])).toEqual([["olga", 50], ["max", 40], ["mia", 40]]);
  });

  it("a tag glob no protected-tag rule covers is high risk; one a rule covers is not made high by GitLab", () => {
    const d = draft({ refType: "tag", refPattern: "v*" });
    const uncovered = previewRequest(d, role(), sideOf(d, known(facts({ protectedTags: [tag("v1.*")] }))));
    const covered = sideOf(d, known(facts({ protectedTags: [tag("v*")] })));

    expect(uncovered.risk?.reasons).toContain("no protected-tag rule on acme/web covers every tag matching v*: anyone with Developer on acme/web can create a matching tag (7 people with Developer access)");
    expect(covered.findings.filter((f) => f.severity === "high")).toEqual([]);
  });

  it("without GitLab, protection is unknown and counts as high risk; never 'safe'", () => {
    const d = draft();
    const p = previewRequest(d, role(), sideOf(d, null, false));

    expect(p.gitlab).toEqual({ checked: false, reason: "unknown (GitLab not connected)", targets: [] });
    expect(p.risk?.tier).toBe("high");
    expect(p.risk?.reasons[0]).toContain("unknown (GitLab not connected)");
  });

  it("a selector not valid yet is not checked, and that is unknown too", () => {
    expect(GITLAB_NOT_CHECKED.gitlab.checked).toBe(false);
    expect(GITLAB_NOT_CHECKED.findings[0]?.severity).toBe("high");
  });

  it("the preview's gitlab part is the documented contract's shape", () => {
    const d = draft({ refType: "any", refPattern: "release/*" });
    const p = previewRequest(d, role(), sideOf(d, known(facts({ protectedBranches: [branch("release/*", undefined, undefined, true)] }))));

    expect(ZGitLabCheck.strict().parse(p.gitlab)).toEqual(p.gitlab);
    for (const t of p.gitlab.targets) expect(Object.keys(t).sort()).toEqual(["allowForcePush", "people", "project", "protected", "rules"]);
    expect(p.gitlab.targets[0]).toMatchObject({ protected: false, allowForcePush: true });
    expect(p.subjectFindings.map((f) => f.code)).toEqual(expect.arrayContaining(["force-push-allowed", "tag-unprotected"]));
  });
});

describe("what a request changes in the trust policy", () => {
  it("is the managed statement added, and the lines it adds are marked in the policy shown", () => {
    const d = draft();
    const p = previewRequest(d, role(), sideOf(d, known(facts({ protectedBranches: [branch("main")] }))));
    if (!p.policy?.ok) throw new Error("no policy");

    expect(p.diff).toHaveLength(1);
    expect(p.diff[0]?.before).toBeNull();
    const lines = p.policy.pretty.split("\n");
    const marked = p.policy.addedLines.map((n) => lines[n]);
    expect(marked.join("\n")).toContain("project_path:acme/web:ref_type:branch:ref:main");
    expect(marked).not.toContain('  "Version": "2012-10-17",');
  });

  it("with the role's other approved mapping, only the new sub value is a change", () => {
    const approved = [{ id: "m1", selector: { scope: "project" as const, path: "acme/api", refType: "branch" as const, ref: "main" }, audience: "https://gitlab.com", providerArn: PROVIDER }];
    const d = draft();
    const p = previewRequest(d, role({ approved }), sideOf(d, known(facts({ protectedBranches: [branch("main")] }))));
    if (!p.policy?.ok) throw new Error("no policy");

    const after = p.diff.flatMap((x) => x.changes.map((c) => c.after));
    expect(JSON.stringify(after)).toContain("project_path:acme/web:ref_type:branch:ref:main");
    expect(JSON.stringify(p.diff.flatMap((x) => x.changes.map((c) => c.before ?? null)))).not.toContain("acme/web");
    const marked = p.policy.addedLines.map((n) => p.policy!.ok && p.policy!.pretty.split("\n")[n]);
    expect(marked.some((l) => typeof l === "string" && l.includes("acme/web"))).toBe(true);
    expect(marked.some((l) => typeof l === "string" && l.includes("acme/api"))).toBe(false);
  });

  it("prettyJsonLines joined is exactly JSON.stringify's text, for any JSON value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(prettyJsonLines(value).map((l) => l.text).join("\n")).toBe(JSON.stringify(value, null, 2));
      }),
    );
  });

  it("an approver's review keeps what was filed and drops the CI job and the policy text", () => {
    const d = draft({ refPattern: "feature/x" });
    const p = previewRequest(d, role(), sideOf(d, known(facts({ protectedBranches: [branch("main")] }))));
    const review = reviewOf(p, { tier: "normal", requiredApprovals: 1, reasons: [] });

    expect(review.filed.tier).toBe("normal");
    expect(review.risk?.tier).toBe("high");
    expect(review.policy).toEqual({ ok: true, size: expect.any(Number), quota: 2048, basedOn: "desired-only" });
    expect(review).not.toHaveProperty("snippet");
    expect(review.gitlab).toBe(p.gitlab);
  });
});
