/**
 * People behind a role, for auditors (GET /api/v1/access/people): the grants a role's trust policy
 * gives GitLab jobs — as read from IAM, or from the approved mappings where nothing was read yet
 * (labelled "desired") — as the `sub` patterns lib/gitlab-facts expands to people; and the CSV of
 * both views. Pure.
 */
import { toCsv } from "@/lib/csv";
import { compileSubjects, notJudgedReason, policyToJudge, readTrustPolicy, type Grant } from "@/lib/policy";
import { roleName } from "@/lib/gitlab-facts/access-levels";
import type { GrantInput } from "@/lib/gitlab-facts/people";
import { providerArnOf, selectorOf, type MappingGrantRow } from "@/lib/mappings/model";
import type { TRolePeople, TUserReach } from "@/lib/schemas/gitlab-facts";
import type { RoleForAccess } from "./who-can-assume";

export interface RoleGrants {
  basedOn: "actual" | "desired";
  grants: GrantInput[];
  /** What the grants leave out or could not read, in words. */
  notes: string[];
}

/**
 * A StringEquals value as the StringLike pattern that matches exactly it: its `*` and `?` are
 * literal (IAM's `${*}` and `${?}`).
 */
function literalPattern(value: string): string {
  let out = "";
  for (const c of value) out += c === "*" ? "${*}" : c === "?" ? "${?}" : c;
  return out;
}

/** The `sub` patterns of one grant read from IAM (null: the grant does not restrict `sub`). */
function patternsOf(grant: Grant): (string | null)[] {
  const first = grant.subjects[0];
  if (!first) return [null];
  return first.values.map((v) => (first.operator === "StringLike" ? v : literalPattern(v)));
}

/**
 * The grants a role gives this account's GitLab provider: every Allow statement for
 * sts:AssumeRoleWithWebIdentity whose principal is the provider, managed by trustmap or not.
 * Several sub conditions AND-ed: the first is used, which can only list more people, never fewer.
 */
export function roleGrants(role: Pick<RoleForAccess, "actualTrustPolicy" | "actualFetchedAt" | "awsAccount"> & { mappings: readonly Omit<MappingGrantRow, "id" | "audience">[] }): RoleGrants {
  const providerArn = providerArnOf(role.awsAccount);
  const notes: string[] = [];
  const judged = policyToJudge(role);
  if (judged.judged === null) {
    notes.push(`${notJudgedReason(judged.why)}: the people of its approved mappings are listed (desired state), not who can assume it now`);
  } else {
    const read = readTrustPolicy(judged.policy);
    if (read.ok) {
      const grants: GrantInput[] = [];
      for (const g of read.grants) {
        if (g.effect !== "Allow" || !g.webIdentity || g.notPrincipal || (g.principal !== providerArn && g.principal !== "*")) continue;
        if (g.subjects.length > 1) notes.push(`statement ${g.sid ?? `#${g.statementIndex}`}: ${g.subjects.length} sub conditions are AND-ed; the first is used, so the list can only be too long, never too short`);
        if (g.subjects[0]?.operator === "StringEqualsIgnoreCase") notes.push(`statement ${g.sid ?? `#${g.statementIndex}`}: StringEqualsIgnoreCase is read as case-sensitive`);
        for (const pattern of patternsOf(g)) grants.push({ pattern });
      }
      if (read.grants.some((g) => g.effect === "Deny")) notes.push("the policy has Deny statements; they are not subtracted from the list");
      return { basedOn: "actual", grants, notes };
    }
    notes.push(`the trust policy read from IAM could not be parsed (${read.error.message}); showing the approved mappings instead`);
  }
  const grants = role.mappings.flatMap((m) => {
    const compiled = compileSubjects(selectorOf(m));
    return compiled.ok ? compiled.patterns.map((pattern) => ({ pattern })) : [];
  });
  return { basedOn: "desired", grants, notes };
}

/** One row per person and way in: who, at which level, through which project, ref and grant. */
export function rolePeopleCsv(view: TRolePeople): string {
  return toCsv(
    ["role_arn", "based_on", "username", "name", "access_level", "role", "project", "ref_type", "ref", "grant", "how"],
    view.people.flatMap((p) => p.via.map((v) => [view.role.arn, view.basedOn, p.username, p.name, p.accessLevel, roleName(p.accessLevel), v.project, v.refType, v.ref, v.grant, v.how])),
  );
}

/** One row per role and way in. */
export function userReachCsv(view: TUserReach): string {
  return toCsv(
    ["username", "role_arn", "project", "ref_type", "ref", "grant", "how"],
    view.roles.flatMap((r) => r.via.map((v) => [view.username, r.roleArn, v.project, v.refType, v.ref, v.grant, v.how])),
  );
}
