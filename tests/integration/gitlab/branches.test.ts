import { describe, expect, it } from "vitest";
import { setupGitLabFake } from "./harness";

const h = setupGitLabFake();

describe("branches and protected branches through gitbeaker against the GitLab fake", () => {
  it("marks branches covered by a wildcard rule as protected, including names with further slashes", async () => {
    h.fake.state.addProject("team/app", {
      branches: ["main", "release/1.0", "release/1.0/hotfix", "releases", "feature/x"],
      protectedBranches: ["main", "release/*"],
    });

    const branches = await h.adapter().listBranches("team/app");

    expect(branches).toEqual([
      { name: "feature/x", protected: false, default: false },
      { name: "main", protected: true, default: true },
      { name: "release/1.0", protected: true, default: false },
      { name: "release/1.0/hotfix", protected: true, default: false },
      { name: "releases", protected: false, default: false },
    ]);
  });

  it("lists protected branch rules as defined, wildcards not expanded", async () => {
    h.fake.state.addProject("team/app", {
      branches: ["main", "release/1.0"],
      protectedBranches: ["main", { name: "release/*", pushAccessLevel: 0, mergeAccessLevel: 30, allowForcePush: true }],
    });

    const rules = await h.adapter().listProtectedBranches("team/app");

    expect(rules).toMatchObject([
      {
        name: "main",
        pushAccessLevels: [{ kind: "role", accessLevel: 40, description: "Maintainers" }],
        mergeAccessLevels: [{ kind: "role", accessLevel: 40, description: "Maintainers" }],
        allowForcePush: false,
      },
      {
        name: "release/*",
        pushAccessLevels: [{ kind: "role", accessLevel: 0, description: "No one" }],
        mergeAccessLevels: [{ kind: "role", accessLevel: 30, description: "Developers + Maintainers" }],
        allowForcePush: true,
      },
    ]);
  });

  it("searches branches by substring, ^prefix and suffix$ as GitLab does", async () => {
    h.fake.state.addProject("team/app", { branches: ["main", "release/main", "maintenance", "feature/domain"] });
    const adapter = h.adapter();

    const contains = await adapter.listBranches("team/app", "main");
    const prefix = await adapter.listBranches("team/app", "^main");
    const suffix = await adapter.listBranches("team/app", "main$");

    expect(contains.map((b) => b.name)).toEqual(["feature/domain", "main", "maintenance", "release/main"]);
    expect(prefix.map((b) => b.name)).toEqual(["main", "maintenance"]);
    expect(suffix.map((b) => b.name)).toEqual(["feature/domain", "main", "release/main"]);
    expect(h.fake.requests[1]?.query.search).toBe("^main");
  });

  it("reads one branch whose name contains a slash through its encoded name", async () => {
    h.fake.state.addProject("team/app", { branches: ["main", "release/1.0"], protectedBranches: ["release/*"] });

    const res = await fetch(`${h.fake.url}/api/v4/projects/team%2Fapp/repository/branches/release%2F1.0`, {
      headers: { "PRIVATE-TOKEN": "glpat-integration-test" },
    });
    const missing = await fetch(`${h.fake.url}/api/v4/projects/team%2Fapp/repository/branches/nope`, {
      headers: { "PRIVATE-TOKEN": "glpat-integration-test" },
    });

    expect(await res.json()).toMatchObject({ name: "release/1.0", protected: true, default: false });
    expect([missing.status, await missing.json()]).toEqual([404, { message: "404 Branch Not Found" }]);
  });
});
