/**
 * What changed on GitLab's side of approved grants between two refreshes of a project: a mapped
 * ref that lost its protection (or gained force push), and a new Maintainer or Owner on a project
 * mapped to a production role. Approvals were given on the old facts; these findings say they no
 * longer hold. Pure.
 */
import type { RefType } from "@/lib/policy";
import type { TGitLabFinding, TProjectFacts } from "@/lib/schemas/gitlab-facts";
import { canAct, MAINTAINER, roleName } from "./access-levels";
import { unprotectedMessage } from "./check";
import { analyzeRef, type GroupMembersLookup } from "./who-can";

export interface DriftContext {
  /** The refs active (requested or approved) mappings name on this project. */
  mappedRefs: readonly { refType: RefType; ref: string }[];
  /** The project is mapped to at least one production role. */
  production: boolean;
  /** When the previous facts were read (ISO). */
  since: string;
  groups: GroupMembersLookup;
}

export function factsDrift(previous: TProjectFacts, current: TProjectFacts, ctx: DriftContext): TGitLabFinding[] {
  const project = current.path;
  const findings: TGitLabFinding[] = [];
  const seen = new Set<string>();
  for (const mapped of ctx.mappedRefs) {
    for (const refType of mapped.refType === "any" ? (["branch", "tag"] as const) : [mapped.refType]) {
      const key = `${refType}\n${mapped.ref}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const before = analyzeRef(previous, refType, mapped.ref, ctx.groups);
      const after = analyzeRef(current, refType, mapped.ref, ctx.groups);
      if (before.protected && !after.protected) {
        findings.push({
          code: "ref-lost-protection",
          severity: "high",
          message: `${refType} ${mapped.ref} on ${project} lost its protection since ${ctx.since}: ${unprotectedMessage(project, after)}`,
          fix: `Protect ${mapped.ref} on ${project} again, or revoke the mappings that name it`,
          project,
          ref: mapped.ref,
        });
      }
      if (!before.allowForcePush && after.allowForcePush) {
        findings.push({
          code: "force-push-enabled",
          severity: "medium",
          message: `force push was allowed on ${mapped.ref} (${project}) since ${ctx.since}`,
          fix: `Turn off "Allowed to force push" on the rules matching ${mapped.ref}`,
          project,
          ref: mapped.ref,
        });
      }
    }
  }
  if (ctx.production) {
    const was = new Map(previous.members.filter((m) => canAct(m.state)).map((m) => [m.id, m.accessLevel]));
    for (const m of current.members) {
      if (m.accessLevel < MAINTAINER || !canAct(m.state) || (was.get(m.id) ?? 0) >= MAINTAINER) continue;
      findings.push({
        code: "new-maintainer-on-production-project",
        severity: "high",
        message: `${m.username} (${m.name}) became ${roleName(m.accessLevel)} of ${project}, which is mapped to a production role, since ${ctx.since}`,
        fix: `Check that ${m.username} should be able to change ${project}'s protection and obtain its tokens`,
        project,
      });
    }
  }
  return findings;
}
