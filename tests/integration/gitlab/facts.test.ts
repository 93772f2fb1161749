import { describe, expect, it } from "vitest";
import { TOKEN, setupGitLabFake } from "./harness";

const h = setupGitLabFake();

async function raw(path: string) {
  const res = await fetch(`${h.fake.url}${path}`, { headers: { "PRIVATE-TOKEN": TOKEN } });
  return (await res.json()) as unknown;
}

describe("GitLab facts through gitbeaker against the GitLab fake", () => {
  it("reads protected branch entries for roles, users, groups and deploy keys as GitLab types them", async () => {
    h.fake.state.addUser({ username: "alice", name: "Alice Doe" });
    h.fake.state.addProject("team/app", {
      protectedBranches: [
        {
          name: "main",
          pushAccessLevel: 0,
          mergeAccessLevel: 40,
          allowedToPush: [{ user: "alice" }, { deployKeyId: 7 }],
          allowedToMerge: [{ group: "team/releasers" }],
          allowForcePush: true,
          codeOwnerApprovalRequired: true,
        },
      ],
    });
    const releasers = h.fake.state.groupByPath("team/releasers");
    const alice = h.fake.state.userByName("alice");

    const [rule] = await h.adapter().listProtectedBranches("team/app");

    expect(rule).toMatchObject({
      name: "main",
      pushAccessLevels: [
        { kind: "role", accessLevel: 0, description: "No one" },
        { kind: "user", userId: alice.id, description: "Alice Doe" },
        { kind: "deploy-key", deployKeyId: 7, description: "Deploy key" },
      ],
      mergeAccessLevels: [
        { kind: "role", accessLevel: 40, description: "Maintainers" },
        { kind: "group", groupId: releasers?.id, description: "releasers" },
      ],
      allowForcePush: true,
      codeOwnerApprovalRequired: true,
      inherited: false,
    });
  });

  it("answers a user entry with access_level null and the user's name, as protected_branches.md shows", async () => {
    h.fake.state.addUser({ username: "alice", name: "Alice Doe" });
    h.fake.state.addProject("team/app", { protectedBranches: [{ name: "main", allowedToPush: [{ user: "alice" }] }] });

    const body = (await raw("/api/v4/projects/team%2Fapp/protected_branches")) as { push_access_levels: unknown[] }[];

    expect(body[0]?.push_access_levels[1]).toEqual({
      id: expect.any(Number),
      access_level: null,
      user_id: h.fake.state.userByName("alice").id,
      group_id: null,
      deploy_key_id: null,
      access_level_description: "Alice Doe",
    });
  });

  it("lists protected tags with their create access levels, across pages", async () => {
    const tags = Array.from({ length: 130 }, (_, i) => `v${i}.*`);
    h.fake.state.addProject("team/app", { protectedTags: [{ name: "v*", createAccessLevel: 30 }, ...tags] });

    const listed = await h.adapter().listProtectedTags("team/app");

    expect(listed).toHaveLength(131);
    expect(listed[0]).toEqual({ name: "v*", createAccessLevels: [{ kind: "role", accessLevel: 30, description: "Developers + Maintainers" }] });
    expect(listed[1]).toEqual({ name: "v0.*", createAccessLevels: [{ kind: "role", accessLevel: 40, description: "Maintainers" }] });
    expect(h.fake.requests.map((r) => [r.path, r.query.page ?? "1"])).toEqual([
      ["/api/v4/projects/team%2Fapp/protected_tags", "1"],
      ["/api/v4/projects/team%2Fapp/protected_tags", "2"],
    ]);
  });

  it("lists a project's members with their effective level: inherited from groups, through a shared group capped at the share, highest wins", async () => {
    for (const username of ["owner", "dev", "lead", "guest", "outsider"]) h.fake.state.addUser({ username, name: username.toUpperCase() });
    h.fake.state.addProject("acme/web/app", { sharedWith: [{ group: "partners", groupAccess: 30 }] });
    h.fake.state.addMember({ kind: "group", path: "acme" }, "owner", 50);
    h.fake.state.addMember({ kind: "group", path: "acme/web" }, "dev", 30);
    h.fake.state.addMember({ kind: "project", path: "acme/web/app" }, "dev", 40);
    h.fake.state.addMember({ kind: "project", path: "acme/web/app" }, "guest", 10);
    h.fake.state.addMember({ kind: "group", path: "partners" }, "lead", 50);
    h.fake.state.addUser({ username: "blocked", state: "blocked" });
    h.fake.state.addMember({ kind: "project", path: "acme/web/app" }, "blocked", 30);

    const adapter = h.adapter();
    const all = await adapter.listAllMembers({ kind: "project", path: "acme/web/app" });
    const group = await adapter.listAllMembers({ kind: "group", path: "acme/web" });

    expect(all.map((m) => [m.username, m.accessLevel, m.state])).toEqual([
      ["owner", 50, "active"],
      ["dev", 40, "active"],
      ["lead", 30, "active"],
      ["guest", 10, "active"],
      ["blocked", 30, "blocked"],
    ]);
    expect(all[1]).toEqual({ id: h.fake.state.userByName("dev").id, username: "dev", name: "DEV", state: "active", accessLevel: 40 });
    expect(group.map((m) => [m.username, m.accessLevel])).toEqual([
      ["owner", 50],
      ["dev", 30],
    ]);
    expect(h.fake.requests.map((r) => r.path)).toEqual(["/api/v4/projects/acme%2Fweb%2Fapp/members/all", "/api/v4/groups/acme%2Fweb/members/all"]);
  });

  it("lists only direct members without /all, and pages through 250 members", async () => {
    h.fake.state.addProject("big/app");
    for (let i = 0; i < 250; i++) {
      h.fake.state.addUser({ username: `u${i}` });
      h.fake.state.addMember({ kind: i % 2 === 0 ? "group" : "project", path: i % 2 === 0 ? "big" : "big/app" }, `u${i}`, 30);
    }

    const all = await h.adapter().listAllMembers({ kind: "project", path: "big/app" });
    const direct = (await raw("/api/v4/projects/big%2Fapp/members?per_page=100")) as unknown[];

    expect(all).toHaveLength(250);
    expect(h.fake.requests.filter((r) => r.path.endsWith("/members/all")).map((r) => r.query.page ?? "1")).toEqual(["1", "2", "3"]);
    expect(direct).toHaveLength(100);
    expect(h.fake.requests.at(-1)?.path).toBe("/api/v4/projects/big%2Fapp/members");
  });

  it("reads a project's visibility", async () => {
    h.fake.state.addProject("team/public", { visibility: "public" });
    h.fake.state.addProject("team/secret");

    const adapter = h.adapter();

    expect((await adapter.getProject("team/public")).visibility).toBe("public");
    expect((await adapter.getProject("team/secret")).visibility).toBe("private");
    expect((await adapter.listGroupProjects("team")).map((p) => [p.pathWithNamespace, p.visibility])).toEqual([
      ["team/public", "public"],
      ["team/secret", "private"],
    ]);
  });
});
