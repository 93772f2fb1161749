/**
 * Who can obtain a GitLab ID token whose `sub` names a ref of a project: anyone who can make a
 * pipeline run on that ref. Pure: facts in, people out.
 *
 * GitLab's rules, with their sources:
 * - Unprotected branch: everyone with at least Developer can push it (permissions.md "Push to
 *   non-protected branches"). Unprotected tag: Developers can create it.
 * - Protected branch: "Allowed to push and merge" and "Allowed to merge" — a merge runs a
 *   pipeline on the target branch, so both count (protected.md "Push and merge permissions").
 *   Protected tag: "Allowed to create" (protected_tags.md).
 * - Several rules matching one ref (wildcards): the most permissive wins, for push, merge and
 *   force push alike (docs: user/project/repository/branches/protection_rules.md "When a branch
 *   matches multiple rules"; code: app/models/concerns/protected_ref.rb, `access_levels_for_ref`
 *   is every matching rule's entries and `protected_ref_accessible_to?` is `any?`). Tags follow
 *   the same code. So the people are the union over matching rules' entries.
 * - An entry is a role (level ≥ N, 0 no one, 60 instance admins), a user (that user, when a
 *   member of the project), a group (its members with Developer or more in the group: GitLab 17+
 *   counts direct members only, earlier versions also ancestors' — trustmap reads the group's
 *   `/members/all`, the larger set), or a deploy key (not a person; noted). An entry GitLab did
 *   not describe is counted as "Developers + Maintainers": unknown must never shrink the list.
 * - Maintainers can always edit protection rules (protection_rules.md "Protect a branch: at least
 *   the Maintainer role"), so when a rule admits fewer people than that, it is noted.
 * Blocked or banned users are left out (they cannot sign in or run pipelines); every other state
 * counts. A ref glob (`release/*`) is protected only when one rule covers every ref it matches;
 * otherwise anyone with Developer can create a matching, unprotected ref.
 */
import { canAct, DEVELOPER, MAINTAINER, refRoleName, roleName } from "./access-levels";
import { globsIntersect, isWildcard, refGlobTokens, ruleCoversGlob, ruleTokens } from "./ref-glob";
import { protectedRefMatches } from "@/lib/gitlab/protected-ref";
import type { TMemberFact, TProjectFacts, TRefAccessFact } from "@/lib/schemas/gitlab-facts";

export type ConcreteRefType = "branch" | "tag";

/** Members of a group named by a protected-ref entry, when trustmap has read them. */
export type GroupMembersLookup = (groupId: number) => { known: true; members: TMemberFact[] } | { known: false; reason: string };

/** A person and every reason they can obtain the token. */
export interface PersonAccess {
  username: string;
  name: string;
  /** Their effective level on the project (0 when only a group placeholder). */
  accessLevel: number;
  reasons: string[];
  /** A placeholder for a group whose members trustmap could not list. */
  unexpandedGroup?: true;
}

export interface RefAnalysis {
  refType: ConcreteRefType;
  ref: string;
  /** Every ref the (possibly wildcard) name matches is covered by at least one rule. */
  protected: boolean;
  /** Some matching ref is covered by no rule: Developer+ can push or create it. */
  uncovered: boolean;
  /** The matching rules in words, e.g. `branch main — push: Maintainers; merge: Maintainers`. */
  rules: string[];
  /** Some matching branch rule allows force push (always false for tags). */
  allowForcePush: boolean;
  people: PersonAccess[];
  /** Deploy keys that may push or create (not people; their owners are not listed by GitLab). */
  deployKeys: string[];
  /** A rule admits instance administrators (level 60): not members, not listed. */
  admitsAdmins: boolean;
  /** Maintainers/Owners of the project the rules leave out, who can still edit the rules. */
  maintainersOutsideRules: number;
}

interface Entry {
  access: TRefAccessFact;
  /** `push rule main`, `merge rule release/*`, `create rule v*`. */
  source: string;
}

function ruleSummary(refType: ConcreteRefType, name: string, parts: [string, TRefAccessFact[]][], forcePush: boolean): string {
  const describe = (a: TRefAccessFact) =>
    a.kind === "role" ? refRoleName(a.accessLevel) : a.kind === "user" ? `${a.description || "a user"} (user)` : a.kind === "group" ? `${a.description || "a group"} (group)` : a.kind === "deploy-key" ? `deploy key ${a.deployKeyId}` : `${a.description || "an undescribed entry"} (unknown)`;
  const text = parts.map(([what, entries]) => `${what}: ${entries.length === 0 ? "no one" : entries.map(describe).join(", ")}`).join("; ");
  return `${refType} ${name} — ${text}${forcePush ? "; force push allowed" : ""}`;
}

class People {
  private readonly byName = new Map<string, PersonAccess>();

  add(username: string, name: string, accessLevel: number, reason: string, placeholder = false): void {
    const key = username.toLowerCase();
    const person = this.byName.get(key);
    if (person) {
      person.accessLevel = Math.max(person.accessLevel, accessLevel);
      if (!person.reasons.includes(reason)) person.reasons.push(reason);
      return;
    }
    this.byName.set(key, { username, name, accessLevel, reasons: [reason], ...(placeholder ? { unexpandedGroup: true as const } : {}) });
  }

  has(username: string): boolean {
    return this.byName.has(username.toLowerCase());
  }

  list(): PersonAccess[] {
    return [...this.byName.values()].sort((a, b) => b.accessLevel - a.accessLevel || (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));
  }
}

/** Username of the placeholder standing for a group's members. */
export function groupPlaceholder(groupId: number): string {
  return `group:${groupId}`;
}

/**
 * Who can obtain a token for `ref` (a name or a glob of names) of `refType` on the project.
 * `ref` is a mapping glob: `*` any run, `?` one character.
 */
export function analyzeRef(facts: TProjectFacts, refType: ConcreteRefType, ref: string, groups: GroupMembersLookup): RefAnalysis {
  const wildcard = isWildcard(ref);
  const refTokens = refGlobTokens(ref);
  const matchesRule = (rule: string) => (wildcard ? globsIntersect(ruleTokens(rule), refTokens) : protectedRefMatches(rule, ref));
  const coversRef = (rule: string) => (wildcard ? ruleCoversGlob(rule, ref) : protectedRefMatches(rule, ref));

  const rules: string[] = [];
  const entries: Entry[] = [];
  let covered = false;
  let allowForcePush = false;
  if (refType === "branch") {
    for (const rule of facts.protectedBranches.filter((b) => matchesRule(b.name))) {
      covered ||= coversRef(rule.name);
      allowForcePush ||= rule.allowForcePush;
      rules.push(ruleSummary("branch", rule.name, [["push", rule.pushAccessLevels], ["merge", rule.mergeAccessLevels]], rule.allowForcePush));
      entries.push(...rule.pushAccessLevels.map((access) => ({ access, source: `push rule ${rule.name}` })));
      entries.push(...rule.mergeAccessLevels.map((access) => ({ access, source: `merge rule ${rule.name}` })));
    }
  } else {
    for (const rule of facts.protectedTags.filter((t) => matchesRule(t.name))) {
      covered ||= coversRef(rule.name);
      rules.push(ruleSummary("tag", rule.name, [["create", rule.createAccessLevels]], false));
      entries.push(...rule.createAccessLevels.map((access) => ({ access, source: `create rule ${rule.name}` })));
    }
  }

  const members = facts.members.filter((m) => canAct(m.state));
  const memberById = new Map(facts.members.map((m) => [m.id, m]));
  const people = new People();
  const deployKeys: string[] = [];
  let admitsAdmins = false;
  const byLevel = (level: number, reason: string) => {
    for (const m of members) if (m.accessLevel >= level) people.add(m.username, m.name, m.accessLevel, reason);
  };

  for (const { access, source } of entries) {
    switch (access.kind) {
      case "role":
        if (access.accessLevel === 0) break;
        if (access.accessLevel >= 60) admitsAdmins = true;
        else byLevel(access.accessLevel, `${source}: ${refRoleName(access.accessLevel)}`);
        break;
      case "user": {
        // GitLab also requires the user to be a member of the project (EE ProtectedRefAccess#user_access_allowed?).
        const m = memberById.get(access.userId);
        if (m && canAct(m.state)) people.add(m.username, m.name, m.accessLevel, `${source}: named user`);
        break;
      }
      case "group": {
        const found = groups(access.groupId);
        const label = access.description || `group ${access.groupId}`;
        if (!found.known) {
          people.add(groupPlaceholder(access.groupId), `members of group ${label} (not expanded)`, 0, `${source}: group ${label} (${found.reason})`, true);
          break;
        }
        for (const gm of found.members) {
          if (gm.accessLevel < DEVELOPER || !canAct(gm.state)) continue;
          const level = memberById.get(gm.id)?.accessLevel ?? gm.accessLevel;
          people.add(gm.username, gm.name, level, `${source}: member of group ${label}`);
        }
        break;
      }
      case "deploy-key":
        deployKeys.push(`deploy key ${access.deployKeyId}${access.description ? ` (${access.description})` : ""} (${source})`);
        break;
      case "unknown":
        byLevel(DEVELOPER, `${source}: an entry GitLab did not describe, counted as Developers + Maintainers`);
        break;
    }
  }

  const uncovered = !covered;
  if (uncovered) {
    const what = refType === "branch" ? (wildcard ? "can create and push a matching branch" : "can push it") : wildcard ? "can create a matching tag" : "can create it";
    const state = rules.length === 0 ? "not protected" : "not covered by one protection rule";
    byLevel(DEVELOPER, `${refType} ${ref} ${state}: Developer+ ${what}`);
    rules.push(`${refType} ${ref} — ${state}${rules.length > 0 ? " (some matching refs are unprotected)" : ""}`);
  }

  const maintainersOutsideRules = members.filter((m) => m.accessLevel >= MAINTAINER && !people.has(m.username)).length;
  return { refType, ref, protected: covered, uncovered, rules, allowForcePush, people: people.list(), deployKeys, admitsAdmins, maintainersOutsideRules };
}

/** "Maintainer (push rule main: Maintainers; merge rule main: Maintainers)". */
export function howOf(person: PersonAccess): string {
  if (person.unexpandedGroup) return person.reasons.join("; ");
  return `${roleName(person.accessLevel)} (${person.reasons.join("; ")})`;
}

/** Real people, not placeholders for unexpanded groups. */
export function countPeople(people: readonly PersonAccess[]): number {
  return people.filter((p) => !p.unexpandedGroup).length;
}
