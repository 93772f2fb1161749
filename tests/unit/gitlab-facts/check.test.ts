import { describe, expect, it } from "vitest";
import { checkSelector, type SelectorCheckInput } from "@/lib/gitlab-facts/check";
import type { ProjectFactsState } from "@/lib/gitlab-facts/facts-state";
import type { GitLabSelector } from "@/lib/policy";
import { ZGitLabCheck, type TProjectFacts } from "@/lib/schemas/gitlab-facts";
import { branch, facts, noGroups, role, tag } from "./fixtures";

const known = (f: TProjectFacts, lastError: string | null = null): ProjectFactsState => ({ known: true, facts: f, fetchedAt: "2026-01-01T00:00:00.000Z", lastError });

function input(selector: Partial<GitLabSelector>, projects: Record<string, ProjectFactsState>, over: Partial<SelectorCheckInput> = {}): SelectorCheckInput {
  return {
    selector: { scope: "project", path: "acme/web", refType: "branch", ref: "main", ...selector },
    connected: true,
    project: (path) => projects[path] ?? { known: false, reason: "not read yet" },
    groups: noGroups,
    ...over,
  };
}

const codes = (r: { findings: { code: string; severity: string }[] }) => r.findings.map((f) => `${f.severity}:${f.code}`);

describe("GitLab's side of a requested grant", () => {
  it("without GitLab: unknown (GitLab not connected), a high finding, never safe", () => {
    const r = checkSelector(input({}, {}, { connected: false }));

    expect(r.gitlab).toEqual({ checked: false, reason: "unknown (GitLab not connected)", targets: [] });
    expect(codes(r)).toEqual(["high:gitlab-facts-unknown"]);
    expect(r.findings[0]?.message).toContain("unknown (GitLab not connected)");
  });

  it("a project GitLab could not be read: unknown (could not read: …) with an unknown target", () => {
    const r = checkSelector(input({}, { "acme/web": { known: false, reason: "could not read: GitLab failed with HTTP 503" } }));

    expect(r.gitlab).toEqual({
      checked: false,
      reason: "unknown (could not read: GitLab failed with HTTP 503)",
      targets: [{ project: "acme/web", protected: null, rules: ["unknown (could not read: GitLab failed with HTTP 503)"], allowForcePush: null, people: [] }],
    });
    expect(codes(r)).toEqual(["high:gitlab-facts-unknown"]);
  });

  it("an unprotected branch is high risk, with the reason in the issue's words", () => {
    const r = checkSelector(input({ ref: "feature/x" }, { "acme/web": known(facts()) }));

    expect(r.gitlab.checked).toBe(true);
    expect(r.gitlab.targets[0]).toMatchObject({ project: "acme/web", protected: false, allowForcePush: false, rules: ["branch feature/x — not protected"] });
    expect(r.gitlab.targets[0]?.people).toHaveLength(7);
    expect(r.findings).toContainEqual(expect.objectContaining({ code: "ref-unprotected", severity: "high", message: "feature/x on acme/web is not protected: 7 people with Developer access can push it" }));
  });

  it("a protected branch: its people, no unprotected finding; the output is the preview contract", () => {
    const r = checkSelector(input({}, { "acme/web": known(facts({ protectedBranches: [branch("main")] })) }));

    expect(ZGitLabCheck.parse(r.gitlab)).toEqual(r.gitlab);
    expect(r.gitlab).toEqual({
      checked: true,
      reason: null,
      targets: [
        {
          project: "acme/web",
          protected: true,
          rules: ["branch main — push: Maintainers; merge: Maintainers"],
          allowForcePush: false,
          people: [
            { username: "olga", name: "OLGA", accessLevel: 50, how: "Owner (push rule main: Maintainers; merge rule main: Maintainers)" },
            { username: "max", name: "MAX", accessLevel: 40, how: "Maintainer (push rule main: Maintainers; merge rule main: Maintainers)" },
            { username: "mia", name: "MIA", accessLevel: 40, how: "Maintainer (push rule main: Maintainers; merge rule main: Maintainers)" },
          ],
        },
      ],
    });
    expect(codes(r)).toEqual([]);
  });

  it("force push allowed is a finding", () => {
    const r = checkSelector(input({}, { "acme/web": known(facts({ protectedBranches: [branch("main", [role(40)], [role(40)], true)] })) }));

    expect(r.gitlab.targets[0]?.allowForcePush).toBe(true);
    expect(codes(r)).toEqual(["medium:force-push-allowed"]);
    expect(r.findings[0]?.message).toContain("force push allowed on main (acme/web)");
  });

  it("a tag glob without a protection covering it is high risk", () => {
    const r = checkSelector(input({ refType: "tag", ref: "v*" }, { "acme/web": known(facts({ protectedTags: [tag("v1.*")] })) }));

    expect(r.gitlab.targets[0]?.protected).toBe(false);
    expect(r.findings).toContainEqual(expect.objectContaining({ code: "tag-unprotected", severity: "high", message: "no protected-tag rule on acme/web covers every tag matching v*: anyone with Developer on acme/web can create a matching tag (7 people with Developer access)" }));
  });

  it("refType any: protected only when its branches and its tags are", () => {
    const f = facts({ protectedBranches: [branch("release/*")], protectedTags: [tag("release/*")] });
    const both = checkSelector(input({ refType: "any", ref: "release/*" }, { "acme/web": known(f) }));
    const branchOnly = checkSelector(input({ refType: "any", ref: "release/*" }, { "acme/web": known({ ...f, protectedTags: [] }) }));

    expect([both.gitlab.targets[0]?.protected, branchOnly.gitlab.targets[0]?.protected]).toEqual([true, false]);
    expect(codes(branchOnly)).toEqual(["high:tag-unprotected"]);
  });

  it("a ref glob on an unprotected namespace: anyone with Developer can create a matching branch", () => {
    const r = checkSelector(input({ ref: "feature/*" }, { "acme/web": known(facts({ protectedBranches: [branch("main")] })) }));

    expect(r.findings[0]?.message).toBe("branches matching feature/* on acme/web are not all protected: anyone with Developer on acme/web can create a matching branch (7 people with Developer access)");
  });

  it("a group selector: one target per project of the group, unknown ones making the check incomplete", () => {
    const r = checkSelector(
      input(
        { scope: "group", path: "acme" },
        { "acme/web": known(facts({ protectedBranches: [branch("main")] })), "acme/api": { known: false, reason: "could not read: 403" } },
        { groupProjects: { known: true, projects: ["acme/web", "acme/api"], fetchedAt: "2026-01-01T00:00:00.000Z" } },
      ),
    );

    expect(r.gitlab.checked).toBe(false);
    expect(r.gitlab.reason).toBe("unknown (1 of 2 projects: acme/api: could not read: 403)");
    expect(r.gitlab.targets.map((t) => [t.project, t.protected])).toEqual([
      ["acme/web", true],
      ["acme/api", null],
    ]);
    expect(codes(r)).toEqual(["medium:group-covers-future-projects", "high:gitlab-facts-unknown"]);
  });

  it("a group whose projects could not be listed is unknown", () => {
    const r = checkSelector(input({ scope: "group", path: "acme" }, {}, { groupProjects: { known: false, reason: "could not read: GitLab could not be reached" } }));

    expect(r.gitlab).toEqual({ checked: false, reason: "unknown (could not read: GitLab could not be reached)", targets: [] });
  });

  it("flags a project whose sub claim components make the pattern never match", () => {
    const r = checkSelector(input({}, { "acme/web": known(facts({ protectedBranches: [branch("main")], subClaimComponents: ["project_path", "ref"] })) }));

    expect(r.findings).toEqual([
      expect.objectContaining({
        code: "sub-components-never-match",
        message: "the project's sub claim components differ from what the mapping compiles to: this pattern will never match (acme/web builds its sub from [project_path, ref], not [project_path, ref_type, ref] as the mapping compiles to)",
      }),
    ]);
  });

  it("notes facts kept from an earlier read when the last refresh failed", () => {
    const r = checkSelector(input({}, { "acme/web": known(facts({ protectedBranches: [branch("main")] }), "GitLab is rate limiting requests") }));

    expect(codes(r)).toEqual(["low:gitlab-facts-stale"]);
    expect(r.gitlab.checked).toBe(true);
  });
});
