/**
 * People behind a role's grants, for auditors (`GET /api/v1/access/people`): each grant is a
 * `sub` pattern (read from IAM, or compiled from the desired mappings); for every project whose
 * facts trustmap holds, the pattern admits a set of refs, and those refs' people can assume the
 * role. And the reverse: what one user can reach. Pure.
 *
 * A project's jobs have `sub` = its components joined (lib/policy buildSubject); with the ref
 * component left open that is `prefix + ref + suffix`, so the refs a pattern admits are the
 * pattern's quotient by prefix and suffix (ref-glob.ts refsBetween): exact, wildcards included.
 */
import { buildSubject, DEFAULT_SUB_CLAIM_COMPONENTS, SUB_CLAIM_COMPONENTS, type SubClaimComponent } from "@/lib/policy";
import type { TPersonReach, TPersonVia, TUserReach } from "@/lib/schemas/gitlab-facts";
import type { ProjectFactsState } from "./facts-state";
import { iamPatternTokens, refsBetween, type Tok } from "./ref-glob";
import { analyzeRef, howOf, type ConcreteRefType, type GroupMembersLookup } from "./who-can";

export interface GrantInput {
  /** The `sub` StringLike pattern; null when the statement does not restrict `sub` at all. */
  pattern: string | null;
}

export interface PeopleForGrantsInput {
  grants: readonly GrantInput[];
  /** Every project trustmap holds facts for (known or not). */
  projects: readonly { path: string; state: ProjectFactsState }[];
  groups: GroupMembersLookup;
}

export interface PeopleForGrants {
  people: TPersonReach[];
  /** What the list cannot include, in words (unknown facts, projects trustmap has not read). */
  notes: string[];
}

const NO_SUB = "(no sub condition)";
const MARKER = "\u0000";

/**
 * The refs of one type of one project the grant admits, as ref globs (empty: none). Globs that
 * need a literal `:` are dropped: git refs cannot contain one (git check-ref-format), so a `*`
 * that could swallow the `sub`'s separators (`*:ref:v?`) admits only refs without them.
 */
export function refsAdmitted(pattern: readonly Tok[], projectPath: string, refType: ConcreteRefType, components: readonly SubClaimComponent[]): string[] {
  const subject = buildSubject({ projectPath, refType, ref: MARKER }, components);
  const cut = subject.indexOf(MARKER);
  if (cut === -1) return refsBetween(pattern, subject, "").includes("") ? ["*"] : [];
  return refsBetween(pattern, subject.slice(0, cut), subject.slice(cut + MARKER.length)).filter((g) => g !== "" && !g.includes(":"));
}

/** The pattern's project part can match projects other than the ones named literally. */
function projectPartIsOpen(pattern: readonly Tok[]): boolean {
  const prefix = "project_path:";
  for (let i = 0; i < pattern.length; i++) {
    const t = pattern[i] as Tok;
    if (i < prefix.length) {
      if (t.t !== "lit") return true;
      continue;
    }
    if (t.t !== "lit") return true;
    if (t.c === ":") return false;
  }
  return false;
}

export function peopleForGrants(input: PeopleForGrantsInput): PeopleForGrants {
  const notes = new Set<string>();
  const people = new Map<string, TPersonReach>();
  const add = (username: string, name: string, accessLevel: number, via: TPersonVia) => {
    const key = username.toLowerCase();
    const person = people.get(key) ?? { username, name, accessLevel, via: [] };
    person.accessLevel = Math.max(person.accessLevel, accessLevel);
    if (!person.via.some((v) => v.project === via.project && v.refType === via.refType && v.ref === via.ref && v.grant === via.grant)) person.via.push(via);
    people.set(key, person);
  };

  for (const grant of input.grants) {
    const label = grant.pattern ?? NO_SUB;
    const tokens: Tok[] = grant.pattern === null ? [{ t: "any" }] : iamPatternTokens(grant.pattern);
    if (grant.pattern === null) notes.add(`A statement without a sub condition admits every project on the GitLab instance; only the ${input.projects.length} projects trustmap holds facts for are listed`);
    else if (projectPartIsOpen(tokens)) notes.add(`${grant.pattern} can match projects trustmap holds no facts for; their people are not listed`);

    for (const { path, state } of input.projects) {
      const facts = state.known ? state.facts : null;
      const reported = facts?.subClaimComponents ?? null;
      if (reported !== null && !reported.every((c) => (SUB_CLAIM_COMPONENTS as readonly string[]).includes(c))) {
        notes.add(`${path} builds its sub from [${reported.join(", ")}], which trustmap cannot evaluate; its people are not listed`);
        continue;
      }
      const components = (reported as SubClaimComponent[] | null) ?? DEFAULT_SUB_CLAIM_COMPONENTS;
      const projectPath = facts?.path ?? path;
      for (const refType of ["branch", "tag"] as const) {
        const refs = refsAdmitted(tokens, projectPath, refType, components);
        if (refs.length === 0) continue;
        if (!state.known) {
          notes.add(`${path}: who can obtain a token is unknown (${state.reason})`);
          break;
        }
        if (reported === null) notes.add(`${projectPath} does not report its sub claim components to trustmap's token; GitLab's default is assumed`);
        for (const ref of refs) {
          for (const person of analyzeRef(state.facts, refType, ref, input.groups).people) {
            add(person.username, person.name, person.accessLevel, { project: projectPath, refType, ref, grant: label, how: howOf(person) });
          }
        }
      }
    }
  }
  const list = [...people.values()].sort((a, b) => b.accessLevel - a.accessLevel || (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));
  return { people: list, notes: [...notes] };
}

/** The reverse view: every role a user reaches, with how. */
export function reachOfUser(username: string, roles: readonly { roleArn: string; people: readonly TPersonReach[] }[]): TUserReach {
  const key = username.toLowerCase();
  return {
    username,
    roles: roles.flatMap((r) => {
      const person = r.people.find((p) => p.username.toLowerCase() === key);
      return person ? [{ roleArn: r.roleArn, via: person.via }] : [];
    }),
  };
}
