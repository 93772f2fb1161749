import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { createMemoryGitLab } from "@/lib/sandbox/gitlab/memory-port";
import type { GitLabPort, GitLabRefAccess } from "@/lib/gitlab/port";
import { setupGitLabFake } from "./harness";
import { script } from "./parity-script";

const h = setupGitLabFake();

describe("the memory port behaves like the adapter against the fake", () => {
  it("gives the same results and error codes for the same sequence of operations", async () => {
    const seed = { branches: ["main", "release/1.0", "feature/a"], protectedBranches: ["main", "release/*"] };
    const memory = createMemoryGitLab();
    memory.addProject("team/app", seed);
    h.fake.state.addProject("team/app", seed);

    const viaMemory = await script(memory);
    const viaHttp = await script(h.adapter());

    expect(viaMemory).toEqual(viaHttp);
    const errors = viaHttp.flatMap((r) => (typeof r === "object" && r !== null && "error" in r ? [r.error] : []));
    expect(errors).toEqual(["CONFLICT", "BAD_INPUT", "CONFLICT", "BAD_INPUT", "NOT_FOUND", "NOT_FOUND"]);
  });
});

/**
 * The facts a refresh reads, with ids (which differ by nature between the two) replaced by what
 * they name: a user entry by the member's username, a group entry by the group's path.
 */
function withoutId<T extends { id: number }>(x: T): Omit<T, "id"> {
  const rest: Partial<T> = { ...x };
  delete rest.id;
  return rest as Omit<T, "id">;
}

async function factsScript(port: GitLabPort) {
  const members = await port.listAllMembers({ kind: "project", path: "acme/app" });
  const groupMembers = await port.listAllMembers({ kind: "group", path: "acme/releasers" });
  const named = async (a: GitLabRefAccess) => {
    if (a.kind === "user") return { user: members.find((m) => m.id === a.userId)?.username ?? null, description: a.description };
    if (a.kind === "group") return { group: (await port.getGroup(a.groupId)).fullPath, description: a.description };
    return a;
  };
  const branches = await port.listProtectedBranches("acme/app");
  const tags = await port.listProtectedTags("acme/app");
  const project = await port.getProject("acme/app");
  const missing = await port.listProtectedTags("acme/nope").catch((e: unknown) => (isAppError(e) ? e.code : e));
  return {
    branches: await Promise.all(
      branches.map(withoutId).map(async (b) => ({ ...b, pushAccessLevels: await Promise.all(b.pushAccessLevels.map(named)), mergeAccessLevels: await Promise.all(b.mergeAccessLevels.map(named)) })),
    ),
    tags: await Promise.all(tags.map(async (t) => ({ ...t, createAccessLevels: await Promise.all(t.createAccessLevels.map(named)) }))),
    members: members.map(withoutId),
    groupMembers: groupMembers.map(withoutId),
    visibility: project.visibility,
    subClaimComponents: project.subClaimComponents,
    missing,
  };
}

describe("the memory port reads GitLab facts like the adapter against the fake", () => {
  it("gives the same protected branches, protected tags, members and visibility", async () => {
    const rules = {
      protectedBranches: [
        "main",
        { name: "release/*", pushAccessLevel: 0, mergeAccessLevel: 30, allowedToPush: [{ user: "alice" }], allowedToMerge: [{ group: "acme/releasers" }], allowForcePush: true },
      ],
      protectedTags: ["v*", { name: "nightly-*", createAccessLevel: 30, allowedToCreate: [{ user: "alice" }, { deployKeyId: 3 }] }],
      visibility: "internal" as const,
      ciIdTokenSubClaimComponents: ["project_path", "ref"],
    };
    h.fake.state.addUser({ username: "alice", name: "Alice Doe" });
    h.fake.state.addUser({ username: "bob", name: "Bob Roe", state: "blocked" });
    h.fake.state.addProject("acme/app", rules);
    h.fake.state.addMember({ kind: "group", path: "acme" }, "alice", 30);
    h.fake.state.addMember({ kind: "project", path: "acme/app" }, "bob", 40);
    h.fake.state.addMember({ kind: "group", path: "acme/releasers" }, "bob", 30);
    const memory = createMemoryGitLab();
    memory.addProject("acme/app", {
      ...rules,
      subClaimComponents: rules.ciIdTokenSubClaimComponents,
      members: [
        { username: "alice", name: "Alice Doe", accessLevel: 30 },
        { username: "bob", name: "Bob Roe", accessLevel: 40, state: "blocked" },
      ],
    });
    // The group's /members/all: its own members and its ancestor acme's.
    memory.setGroupMembers("acme/releasers", [
      { username: "alice", accessLevel: 30 },
      { username: "bob", accessLevel: 30 },
    ]);

    const viaMemory = await factsScript(memory);
    const viaHttp = await factsScript(h.adapter());

    expect(viaMemory).toEqual(viaHttp);
    expect(viaHttp.branches[1]?.pushAccessLevels).toEqual([
      { kind: "role", accessLevel: 0, description: "No one" },
      { user: "alice", description: "Alice Doe" },
    ]);
    expect(viaHttp.tags[1]?.createAccessLevels).toEqual([
      { kind: "role", accessLevel: 30, description: "Developers + Maintainers" },
      { user: "alice", description: "Alice Doe" },
      { kind: "deploy-key", deployKeyId: 3, description: "Deploy key" },
    ]);
    expect(viaHttp.members).toEqual([
      { username: "alice", name: "Alice Doe", state: "active", accessLevel: 30 },
      { username: "bob", name: "Bob Roe", state: "blocked", accessLevel: 40 },
    ]);
    expect([viaHttp.visibility, viaHttp.missing]).toEqual(["internal", "NOT_FOUND"]);
  });
});
