import { describe, expect, it } from "vitest";
import type { ProjectFactsState } from "@/lib/gitlab-facts/facts-state";
import { peopleForGrants, reachOfUser, refsAdmitted } from "@/lib/gitlab-facts/people";
import { iamPatternTokens } from "@/lib/gitlab-facts/ref-glob";
import { DEFAULT_SUB_CLAIM_COMPONENTS } from "@/lib/policy";
import { branch, facts, member, noGroups, role, tag } from "./fixtures";

const known = (f = facts()): ProjectFactsState => ({ known: true, facts: f, fetchedAt: "2026-01-01T00:00:00.000Z", lastError: null });

const web = facts({ protectedBranches: [branch("main")], protectedTags: [tag("v*")] });
const api = facts({ projectId: 43, path: "acme/api", members: [member("ann", 40, "active", 20), member("dan", 30, "active", 21)] });
const projects = [
  { path: "acme/web", state: known(web) },
  { path: "acme/api", state: known(api) },
];

describe("the refs of a project a sub pattern admits", () => {
  it.each([
    ["project_path:acme/web:ref_type:branch:ref:main", "branch", ["main"]],
    ["project_path:acme/web:ref_type:branch:ref:main", "tag", []],
    ["project_path:acme/*:ref_type:branch:ref:main", "branch", ["main"]],
    ["project_path:acme/web:ref_type:*:ref:v*", "tag", ["v*"]],
    ["project_path:acme/web:*", "branch", ["*"]],
    ["project_path:acme/web*", "tag", ["*"]],
    ["*:ref:v?", "tag", ["v?"]],
  ] as const)("%s admits %s %j", (pattern, refType, refs) => {
    expect(refsAdmitted(iamPatternTokens(pattern), "acme/web", refType, DEFAULT_SUB_CLAIM_COMPONENTS)).toEqual(refs);
  });

  it("follows the project's own components: without ref, one pattern admits every ref", () => {
    expect(refsAdmitted(iamPatternTokens("project_path:acme/web:ref_type:branch"), "acme/web", "branch", ["project_path", "ref_type"])).toEqual(["*"]);
  });
});

describe("people who can assume a role through its grants", () => {
  it("expands one grant to the people of the refs it admits, with how", () => {
    const r = peopleForGrants({ grants: [{ pattern: "project_path:acme/web:ref_type:branch:ref:main" }], projects, groups: noGroups });

    expect(r.people.map((p) => p.username)).toEqual(["olga", "max", "mia"]);
    expect(r.people[1]).toEqual({
      username: "max",
      name: "MAX",
      accessLevel: 40,
      via: [{ project: "acme/web", refType: "branch", ref: "main", grant: "project_path:acme/web:ref_type:branch:ref:main", how: "Maintainer (push rule main: Maintainers; merge rule main: Maintainers)" }],
    });
    expect(r.notes).toEqual([]);
  });

  it("a group-wide grant reaches every project's people and notes the projects it cannot see", () => {
    const r = peopleForGrants({ grants: [{ pattern: "project_path:acme/*:ref_type:branch:ref:feature/*" }], projects, groups: noGroups });

    expect(r.people.map((p) => p.username).sort()).toEqual(["ann", "dan", "dev1", "dev2", "dev3", "dev4", "max", "mia", "olga"]);
    expect(r.people.find((p) => p.username === "dan")?.via).toEqual([
      { project: "acme/api", refType: "branch", ref: "feature/*", grant: "project_path:acme/*:ref_type:branch:ref:feature/*", how: "Developer (branch feature/* not protected: Developer+ can create and push a matching branch)" },
    ]);
    expect(r.notes).toEqual(["project_path:acme/*:ref_type:branch:ref:feature/* can match projects trustmap holds no facts for; their people are not listed"]);
  });

  it("a statement without a sub condition admits everyone on every project", () => {
    const r = peopleForGrants({ grants: [{ pattern: null }], projects, groups: noGroups });

    expect(r.people).toHaveLength(9);
    expect(r.people[0]?.via.map((v) => [v.project, v.refType, v.ref, v.grant])).toEqual([
      ["acme/web", "branch", "*", "(no sub condition)"],
      ["acme/web", "tag", "*", "(no sub condition)"],
    ]);
    expect(r.notes[0]).toContain("every project on the GitLab instance");
  });

  it("says which projects' people are unknown instead of leaving them out silently", () => {
    const r = peopleForGrants({
      grants: [{ pattern: "project_path:acme/*:ref_type:tag:ref:v1.0" }],
      projects: [...projects, { path: "acme/ops", state: { known: false, reason: "could not read: 403" } }],
      groups: noGroups,
    });

    expect(r.notes).toContain("acme/ops: who can obtain a token is unknown (could not read: 403)");
    expect(r.people.map((p) => p.username).sort()).toEqual(["ann", "dan", "max", "mia", "olga"]);
  });

  it("the reverse view: what one user can reach", () => {
    const r = peopleForGrants({ grants: [{ pattern: "project_path:acme/web:ref_type:branch:ref:main" }], projects, groups: noGroups });
    const other = peopleForGrants({ grants: [{ pattern: "project_path:acme/api:ref_type:branch:ref:*" }], projects, groups: noGroups });

    const reach = reachOfUser("MAX", [
      { roleArn: "arn:aws:iam::1:role/deploy", people: r.people },
      { roleArn: "arn:aws:iam::1:role/api", people: other.people },
    ]);

    expect(reach).toEqual({ username: "MAX", roles: [{ roleArn: "arn:aws:iam::1:role/deploy", via: r.people[1]?.via }] });
  });

  it("a protected-tag grant counts the tag rule, not branch rules", () => {
    const r = peopleForGrants({ grants: [{ pattern: "project_path:acme/web:ref_type:tag:ref:v1.0" }], projects: [{ path: "acme/web", state: known(facts({ protectedBranches: [branch("*", [role(30)], [role(30)])], protectedTags: [tag("v*")] })) }], groups: noGroups });

    expect(r.people.map((p) => p.username)).toEqual(["olga", "max", "mia"]);
  });
});
