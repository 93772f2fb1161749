/** Builders for project facts in unit tests. */
import type { TMemberFact, TProjectFacts, TProtectedBranchFact, TProtectedTagFact, TRefAccessFact } from "@/lib/schemas/gitlab-facts";
import type { GroupMembersLookup } from "@/lib/gitlab-facts/who-can";

export const role = (accessLevel: number): TRefAccessFact => ({ kind: "role", accessLevel, description: { 0: "No one", 30: "Developers + Maintainers", 40: "Maintainers", 60: "Admins" }[accessLevel] ?? "" });
export const user = (userId: number, description = `User ${userId}`): TRefAccessFact => ({ kind: "user", userId, description });
export const group = (groupId: number, description = `group-${groupId}`): TRefAccessFact => ({ kind: "group", groupId, description });

export function branch(name: string, push: TRefAccessFact[] = [role(40)], merge: TRefAccessFact[] = [role(40)], allowForcePush = false): TProtectedBranchFact {
  return { name, pushAccessLevels: push, mergeAccessLevels: merge, allowForcePush, codeOwnerApprovalRequired: false, inherited: false };
}

export function tag(name: string, create: TRefAccessFact[] = [role(40)]): TProtectedTagFact {
  return { name, createAccessLevels: create };
}

let nextId = 1000;
export function member(username: string, accessLevel: number, state = "active", id = nextId++): TMemberFact {
  return { id, username, name: username.toUpperCase(), state, accessLevel };
}

/** acme/web's usual team: an owner, two maintainers, four developers, a reporter, a guest, a blocked developer. */
export const TEAM: TMemberFact[] = [
  member("olga", 50, "active", 1),
  member("max", 40, "active", 2),
  member("mia", 40, "active", 3),
  member("dev1", 30, "active", 4),
  member("dev2", 30, "active", 5),
  member("dev3", 30, "active", 6),
  member("dev4", 30, "deactivated", 7),
  member("rita", 20, "active", 8),
  member("gus", 10, "active", 9),
  member("bob", 30, "blocked", 10),
];

export function facts(over: Partial<TProjectFacts> = {}): TProjectFacts {
  return {
    projectId: 42,
    path: "acme/web",
    visibility: "private",
    defaultBranch: "main",
    subClaimComponents: ["project_path", "ref_type", "ref"],
    protectedBranches: [],
    protectedTags: [],
    members: TEAM,
    ...over,
  };
}

export const noGroups: GroupMembersLookup = () => ({ known: false, reason: "not read yet" });

export function groupsOf(map: Record<number, TMemberFact[]>): GroupMembersLookup {
  return (id) => (map[id] ? { known: true, members: map[id] } : { known: false, reason: "not read yet" });
}

export const names = (people: readonly { username: string }[]) => people.map((p) => p.username);
