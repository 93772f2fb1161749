import { describe, expect, it } from "vitest";
import { factsDrift, type DriftContext } from "@/lib/gitlab-facts/drift";
import { branch, facts, member, noGroups, role, TEAM } from "./fixtures";

const ctx = (over: Partial<DriftContext> = {}): DriftContext => ({ mappedRefs: [{ refType: "branch", ref: "main" }], production: false, since: "2026-01-01T00:00:00.000Z", groups: noGroups, ...over });
const codes = (fs: { code: string }[]) => fs.map((f) => f.code);

describe("GitLab facts drift after approval", () => {
  it("a mapped ref that lost its protection is a high finding", () => {
    const before = facts({ protectedBranches: [branch("main")] });
    const after = facts({ protectedBranches: [] });

    const found = factsDrift(before, after, ctx());

    expect(found).toEqual([
      expect.objectContaining({
        code: "ref-lost-protection",
        severity: "high",
        message: "branch main on acme/web lost its protection since 2026-01-01T00:00:00.000Z: main on acme/web is not protected: 7 people with Developer access can push it",
        project: "acme/web",
        ref: "main",
      }),
    ]);
  });

  it("a ref glob that is no longer covered by one rule lost its protection too", () => {
    const found = factsDrift(facts({ protectedBranches: [branch("release/*")] }), facts({ protectedBranches: [branch("release/1.*")] }), ctx({ mappedRefs: [{ refType: "any", ref: "release/*" }] }));

    expect(codes(found)).toEqual(["ref-lost-protection"]);
  });

  it("unrelated rule changes, or refs nobody mapped, are not drift", () => {
    const before = facts({ protectedBranches: [branch("main"), branch("develop")] });
    const after = facts({ protectedBranches: [branch("main", [role(40)], [role(30)])] });

    expect(factsDrift(before, after, ctx())).toEqual([]);
  });

  it("force push newly allowed on a mapped ref", () => {
    const found = factsDrift(facts({ protectedBranches: [branch("main")] }), facts({ protectedBranches: [branch("main", [role(40)], [role(40)], true)] }), ctx());

    expect(codes(found)).toEqual(["force-push-enabled"]);
  });

  it("a new Maintainer or Owner on a production-mapped project, including a promotion", () => {
    const after = facts({
      protectedBranches: [branch("main")],
      members: [...TEAM.map((m) => (m.username === "dev1" ? { ...m, accessLevel: 40 } : m)), member("newbie", 50, "active", 77), member("ghost", 40, "blocked", 78)],
    });

    const found = factsDrift(facts({ protectedBranches: [branch("main")] }), after, ctx({ production: true }));

    expect(found.map((f) => [f.code, f.severity, f.message])).toEqual([
      ["new-maintainer-on-production-project", "high", "dev1 (DEV1) became Maintainer of acme/web, which is mapped to a production role, since 2026-01-01T00:00:00.000Z"],
      ["new-maintainer-on-production-project", "high", "newbie (NEWBIE) became Owner of acme/web, which is mapped to a production role, since 2026-01-01T00:00:00.000Z"],
    ]);
  });

  it("new Maintainers on a project mapped only to non-production roles are not drift", () => {
    const after = facts({ members: [...TEAM, member("newbie", 40, "active", 77)] });

    expect(factsDrift(facts(), after, ctx({ production: false, mappedRefs: [] }))).toEqual([]);
  });
});
