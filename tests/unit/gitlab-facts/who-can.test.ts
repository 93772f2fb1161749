import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeRef, howOf } from "@/lib/gitlab-facts/who-can";
import type { TProjectFacts } from "@/lib/schemas/gitlab-facts";
import { branch, facts, group, groupsOf, member, names, noGroups, role, tag, TEAM, user } from "./fixtures";

const DEVELOPERS_UP = ["olga", "max", "mia", "dev1", "dev2", "dev3", "dev4"];
const MAINTAINERS_UP = ["olga", "max", "mia"];

describe("who can obtain a token for a branch", () => {
  const cases: { name: string; facts: TProjectFacts; ref: string; people: string[]; protected: boolean }[] = [
    { name: "an unprotected branch: everyone with Developer or more who can sign in", facts: facts(), ref: "feature/x", people: DEVELOPERS_UP, protected: false },
    { name: "push and merge Maintainers: Maintainers and Owners", facts: facts({ protectedBranches: [branch("main")] }), ref: "main", people: MAINTAINERS_UP, protected: true },
    {
      name: "push No one but merge Developers: the merge runs a pipeline, so Developers count",
      facts: facts({ protectedBranches: [branch("main", [role(0)], [role(30)])] }),
      ref: "main",
      people: DEVELOPERS_UP,
      protected: true,
    },
    { name: "push and merge No one: nobody", facts: facts({ protectedBranches: [branch("main", [role(0)], [role(0)])] }), ref: "main", people: [], protected: true },
    {
      name: "a named user who is a member, alone",
      facts: facts({ protectedBranches: [branch("main", [role(0)], [user(4)])] }),
      ref: "main",
      people: ["dev1"],
      protected: true,
    },
    {
      name: "a named user who is not a member of the project cannot push (GitLab requires membership)",
      facts: facts({ protectedBranches: [branch("main", [role(0), user(999)], [role(0)])] }),
      ref: "main",
      people: [],
      protected: true,
    },
    {
      name: "a named user who is blocked cannot",
      facts: facts({ protectedBranches: [branch("main", [user(10)], [role(0)])] }),
      ref: "main",
      people: [],
      protected: true,
    },
    {
      name: "an entry GitLab did not describe counts as Developers + Maintainers",
      facts: facts({ protectedBranches: [branch("main", [{ kind: "unknown", description: "?" }], [role(0)])] }),
      ref: "main",
      people: DEVELOPERS_UP,
      protected: true,
    },
    {
      name: "a wildcard rule covers names with further slashes",
      facts: facts({ protectedBranches: [branch("release/*")] }),
      ref: "release/1.0/hotfix",
      people: MAINTAINERS_UP,
      protected: true,
    },
    {
      name: "several matching rules: the most permissive wins (protection_rules.md, v1.x example)",
      facts: facts({ protectedBranches: [branch("v1.x", [role(40)], [role(40)]), branch("v1.*", [role(40)], [role(30)]), branch("v*", [role(0)], [role(0)])] }),
      ref: "v1.x",
      people: DEVELOPERS_UP,
      protected: true,
    },
    {
      name: "a ref glob covered by one rule is protected",
      facts: facts({ protectedBranches: [branch("release/*")] }),
      ref: "release/*",
      people: MAINTAINERS_UP,
      protected: true,
    },
    {
      name: "a ref glob only partly covered: Developers can create a matching unprotected branch",
      facts: facts({ protectedBranches: [branch("release/1.*", [role(0)], [role(0)])] }),
      ref: "release/*",
      people: DEVELOPERS_UP,
      protected: false,
    },
    {
      name: "a ref glob on an unprotected namespace",
      facts: facts({ protectedBranches: [branch("main")] }),
      ref: "feature/*",
      people: DEVELOPERS_UP,
      protected: false,
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const a = analyzeRef(c.facts, "branch", c.ref, noGroups);
      expect([names(a.people).sort(), a.protected]).toEqual([[...c.people].sort(), c.protected]);
    });
  }

  it("explains each person: their role and every rule that admits them", () => {
    const a = analyzeRef(facts({ protectedBranches: [branch("main", [role(40)], [role(30)])] }), "branch", "main", noGroups);

    expect(a.people.map((p) => [p.username, p.accessLevel, howOf(p)])).toEqual([
      ["olga", 50, "Owner (push rule main: Maintainers; merge rule main: Developers + Maintainers)"],
      ["max", 40, "Maintainer (push rule main: Maintainers; merge rule main: Developers + Maintainers)"],
      ["mia", 40, "Maintainer (push rule main: Maintainers; merge rule main: Developers + Maintainers)"],
      ["dev1", 30, "Developer (merge rule main: Developers + Maintainers)"],
      ["dev2", 30, "Developer (merge rule main: Developers + Maintainers)"],
      ["dev3", 30, "Developer (merge rule main: Developers + Maintainers)"],
      ["dev4", 30, "Developer (merge rule main: Developers + Maintainers)"],
    ]);
    expect(a.rules).toEqual(["branch main — push: Maintainers; merge: Developers + Maintainers"]);
  });

  it("says why an unprotected branch admits Developers", () => {
    const a = analyzeRef(facts(), "branch", "feature/x", noGroups);

    expect(howOf(a.people.find((p) => p.username === "dev1")!)).toBe("Developer (branch feature/x not protected: Developer+ can push it)");
    expect(a.rules).toEqual(["branch feature/x — not protected"]);
  });

  it("expands a named group to its members with Developer or more, at their level on the project", () => {
    const groups = groupsOf({ 77: [member("dev1", 30, "active", 4), member("ext", 40, "active", 50), member("rep", 20, "active", 51), member("gone", 30, "banned", 52)] });
    const a = analyzeRef(facts({ protectedBranches: [branch("main", [role(0)], [group(77, "releasers")])] }), "branch", "main", groups);

    expect(a.people.map((p) => [p.username, p.accessLevel, howOf(p)])).toEqual([
      ["ext", 40, "Maintainer (merge rule main: member of group releasers)"],
      ["dev1", 30, "Developer (merge rule main: member of group releasers)"],
    ]);
  });

  it("lists a group it could not read as its members, not expanded", () => {
    const a = analyzeRef(facts({ protectedBranches: [branch("main", [group(77, "releasers")], [role(0)])] }), "branch", "main", noGroups);

    expect(a.people).toEqual([{ username: "group:77", name: "members of group releasers (not expanded)", accessLevel: 0, reasons: ["push rule main: group releasers (not read yet)"], unexpandedGroup: true }]);
  });

  it("notes deploy keys and admins without listing them as people", () => {
    const a = analyzeRef(facts({ protectedBranches: [branch("main", [role(60), { kind: "deploy-key", deployKeyId: 3, description: "Deploy key" }], [role(0)])] }), "branch", "main", noGroups);

    expect([a.people, a.deployKeys, a.admitsAdmins]).toEqual([[], ["deploy key 3 (Deploy key) (push rule main)"], true]);
  });

  it("reports force push when any matching rule allows it", () => {
    const f = facts({ protectedBranches: [branch("main"), branch("*", [role(40)], [role(40)], true)] });

    expect(analyzeRef(f, "branch", "main", noGroups).allowForcePush).toBe(true);
    expect(analyzeRef(facts({ protectedBranches: [branch("main")] }), "branch", "main", noGroups).allowForcePush).toBe(false);
  });

  it("counts Maintainers and Owners the rules leave out (they can still change the rules)", () => {
    const a = analyzeRef(facts({ protectedBranches: [branch("main", [role(0)], [user(4)])] }), "branch", "main", noGroups);

    expect(a.maintainersOutsideRules).toBe(3);
  });
});

describe("who can obtain a token for a tag", () => {
  it("an unprotected tag: Developers can create it", () => {
    const a = analyzeRef(facts({ protectedBranches: [branch("*")] }), "tag", "v1.0", noGroups);

    expect([names(a.people), a.protected, a.allowForcePush]).toEqual([DEVELOPERS_UP, false, false]);
  });

  it("a tag covered by a protected-tag rule: those allowed to create it", () => {
    const f = facts({ protectedTags: [tag("v*")] });

    expect(names(analyzeRef(f, "tag", "v1.0", noGroups).people)).toEqual(MAINTAINERS_UP);
    expect(analyzeRef(f, "tag", "v?.*", noGroups).protected).toBe(true);
    expect(analyzeRef(f, "tag", "release-*", noGroups).protected).toBe(false);
  });

  it("protected branch rules do not protect tags of the same name", () => {
    expect(analyzeRef(facts({ protectedBranches: [branch("v*")] }), "tag", "v1.0", noGroups).protected).toBe(false);
  });
});

describe("properties of who can obtain a token", () => {
  const level = fc.constantFrom(0, 30, 40, 60);
  const entry = fc.oneof(level.map(role), fc.integer({ min: 1, max: 12 }).map((id) => user(id)));
  const ruleName = fc.constantFrom("main", "release/*", "*", "v*", "release/1.*", "feat*");
  const rules = fc.array(fc.record({ name: ruleName, push: fc.array(entry, { maxLength: 2 }), merge: fc.array(entry, { maxLength: 2 }), force: fc.boolean() }), { maxLength: 4 });
  const ref = fc.constantFrom("main", "release/1.0", "release/*", "feature/x", "v1.0", "feat*", "*");

  it("removing every protection never shrinks who can obtain a token", () => {
    fc.assert(
      fc.property(rules, ref, (rs, r) => {
        const protectedFacts = facts({ protectedBranches: rs.map((x) => branch(x.name, x.push, x.merge, x.force)) });
        const open = new Set(names(analyzeRef(facts(), "branch", r, noGroups).people));
        for (const p of analyzeRef(protectedFacts, "branch", r, noGroups).people) {
          // Only a named user below Developer can be admitted by a rule but not by the open branch.
          if (p.accessLevel >= 30) expect(open.has(p.username)).toBe(true);
        }
      }),
    );
  });

  it("a blocked member is never listed, and everyone listed is a member who can act", () => {
    fc.assert(
      fc.property(rules, ref, (rs, r) => {
        const a = analyzeRef(facts({ protectedBranches: rs.map((x) => branch(x.name, x.push, x.merge, x.force)) }), "branch", r, noGroups);
        for (const p of a.people) {
          const m = TEAM.find((t) => t.username === p.username);
          expect(m?.state).not.toBe("blocked");
          expect(m).toBeDefined();
        }
      }),
    );
  });

  it("adding a rule never removes a person (rules combine by union)", () => {
    fc.assert(
      fc.property(rules, rules, fc.constantFrom("main", "release/1.0", "v1.0"), (rs, more, r) => {
        const base = rs.map((x) => branch(x.name, x.push, x.merge, x.force));
        const extra = more.map((x) => branch(x.name, x.push, x.merge, x.force));
        const before = analyzeRef(facts({ protectedBranches: base }), "branch", r, noGroups);
        const after = new Set(names(analyzeRef(facts({ protectedBranches: [...base, ...extra] }), "branch", r, noGroups).people));
        // Exception: an exact ref that was unprotected becomes protected, which may shrink the set.
        if (before.protected) for (const n of names(before.people)) expect(after.has(n)).toBe(true);
      }),
    );
  });
});
