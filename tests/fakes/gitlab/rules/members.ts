/**
 * Effective membership, as `GET /{projects,groups}/:id/members/all` reports it (members.md, "List
 * all members of a group or project including inherited and invited members"): direct members,
 * members of every ancestor group, and for a project the members of each group it is shared with
 * (their role capped at the share's `group_access`); a user who is a member several ways appears
 * once, with the highest level.
 */
import type { FakeGroup, FakeMembership, FakeProject, FakeState } from "../state";

function highest(memberships: FakeMembership[]): FakeMembership[] {
  const best = new Map<number, number>();
  for (const m of memberships) best.set(m.userId, Math.max(best.get(m.userId) ?? 0, m.accessLevel));
  return [...best].sort(([a], [b]) => a - b).map(([userId, accessLevel]) => ({ userId, accessLevel }));
}

export function groupMembersAll(state: FakeState, group: FakeGroup): FakeMembership[] {
  return highest(state.groupChain(group).flatMap((g) => g.members));
}

export function projectMembersAll(state: FakeState, project: FakeProject): FakeMembership[] {
  const namespace = project.namespace.kind === "group" ? state.groups.get(project.namespace.id) : undefined;
  const shared = project.sharedWith.flatMap((share) => {
    const group = state.groups.get(share.groupId);
    return group ? groupMembersAll(state, group).map((m) => ({ userId: m.userId, accessLevel: Math.min(m.accessLevel, share.groupAccess) })) : [];
  });
  return highest([...project.members, ...(namespace ? groupMembersAll(state, namespace) : []), ...shared]);
}
