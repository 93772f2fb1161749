/**
 * One project's refresh: exactly one protected_branches, one protected_tags and one members/all
 * listing (each paginated), plus the project itself when the caller has not got it from a group
 * listing. Takes the port, so the same code runs on the adapter, the memory port and the bench.
 */
import type { GitLabPort, GitLabProject } from "@/lib/gitlab/port";
import type { TProjectFacts } from "@/lib/schemas/gitlab-facts";

/** What a group listing already told about a project (no GET /projects/:id needed). */
export type KnownProject = Pick<GitLabProject, "id" | "pathWithNamespace" | "visibility" | "defaultBranch" | "subClaimComponents">;

export async function readProjectFacts(port: GitLabPort, project: string | KnownProject): Promise<TProjectFacts> {
  const info = typeof project === "string" ? await port.getProject(project) : project;
  // By id: one spelling for all three calls, whatever case the mapping used.
  const [protectedBranches, protectedTags, members] = await Promise.all([
    port.listProtectedBranches(info.id),
    port.listProtectedTags(info.id),
    port.listAllMembers({ kind: "project", path: info.id }),
  ]);
  return {
    projectId: info.id,
    path: info.pathWithNamespace,
    visibility: info.visibility,
    defaultBranch: info.defaultBranch,
    subClaimComponents: info.subClaimComponents,
    protectedBranches: protectedBranches.map((b) => ({
      name: b.name,
      pushAccessLevels: b.pushAccessLevels,
      mergeAccessLevels: b.mergeAccessLevels,
      allowForcePush: b.allowForcePush,
      codeOwnerApprovalRequired: b.codeOwnerApprovalRequired,
      inherited: b.inherited,
    })),
    protectedTags,
    members,
  };
}

/** Groups named by the project's protected-ref entries, whose members trustmap must read. */
export function referencedGroupIds(facts: TProjectFacts): number[] {
  const ids = new Set<number>();
  const entries = [...facts.protectedBranches.flatMap((b) => [...b.pushAccessLevels, ...b.mergeAccessLevels]), ...facts.protectedTags.flatMap((t) => t.createAccessLevels)];
  for (const e of entries) if (e.kind === "group") ids.add(e.groupId);
  return [...ids].sort((a, b) => a - b);
}
