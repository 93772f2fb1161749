/**
 * GitLab's side of an approved mapping since its approval: the facts of each project it covers as
 * they were when it was approved (or first known after), compared with the facts now through
 * ./drift.ts. A mapped ref that lost its protection (or gained force push), or a new Maintainer or
 * Owner on a project mapped to a production role, after approval is a finding until someone acts
 * on it (protects the ref again, or revokes the mapping). Pure.
 *
 * Comparing with the previous refresh alone would report a change once and then forget it: the
 * next refresh sees the same unprotected ref on both sides.
 */
import type { RefType } from "@/lib/policy";
import type { TGitLabFinding, TProjectFacts } from "@/lib/schemas/gitlab-facts";
import { MAINTAINER } from "./access-levels";
import { factsDrift } from "./drift";
import type { GroupMembersLookup } from "./who-can";

/** What a baseline keeps: everything the drift comparison reads (rules; Maintainers and Owners). */
export function baselineFacts(facts: TProjectFacts): TProjectFacts {
  return { ...facts, members: facts.members.filter((m) => m.accessLevel >= MAINTAINER) };
}

/** An approved mapping as the drift check reads it. */
export interface MappingForDrift {
  id: string;
  refType: RefType;
  refPattern: string;
  role: { arn: string; production: boolean };
}

export interface Baseline {
  facts: TProjectFacts;
  /** When those facts were read (ISO). */
  fetchedAt: string;
}

/** A finding since approval, with every approved mapping (and role) it concerns. */
export interface ApprovalDriftFinding extends TGitLabFinding {
  mappingIds: string[];
  roleArns: string[];
}

/** Findings about one project of one mapping since its baseline. */
export function sinceApproval(mapping: MappingForDrift, baseline: Baseline, current: TProjectFacts, groups: GroupMembersLookup): TGitLabFinding[] {
  return factsDrift(baseline.facts, current, {
    mappedRefs: [{ refType: mapping.refType, ref: mapping.refPattern }],
    production: mapping.role.production,
    since: `approval (GitLab as read ${baseline.fetchedAt})`,
    groups,
  });
}

// The part of a drift message before " since …" names the change itself (./drift.ts words them so):
// two mappings on one ref report one change.
const changeOf = (f: TGitLabFinding) => `${f.code}\n${f.project ?? ""}\n${f.ref ?? ""}\n${f.message.split(" since ")[0]}`;

/** Findings of many (mapping, project) pairs, one per change, naming every mapping and role it concerns. */
export function mergeApprovalDrift(found: readonly { mapping: MappingForDrift; findings: readonly TGitLabFinding[] }[]): ApprovalDriftFinding[] {
  const byChange = new Map<string, ApprovalDriftFinding>();
  for (const { mapping, findings } of found) {
    for (const f of findings) {
      const key = changeOf(f);
      const seen = byChange.get(key) ?? { ...f, mappingIds: [], roleArns: [] };
      if (!seen.mappingIds.includes(mapping.id)) seen.mappingIds.push(mapping.id);
      if (!seen.roleArns.includes(mapping.role.arn)) seen.roleArns.push(mapping.role.arn);
      byChange.set(key, seen);
    }
  }
  return [...byChange.values()];
}
