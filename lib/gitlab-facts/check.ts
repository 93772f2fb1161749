/**
 * GitLab's side of one requested grant: for a selector (a project or every project of a group;
 * a branch, a tag or both; a name or a glob), who can obtain a token that satisfies it, and what
 * is wrong. Produces the `gitlab` part of `POST /api/v1/requests/preview` and findings a risk
 * assessment can use. Unknown facts make `checked` false and a high finding: never "safe". Pure.
 */
import type { GitLabSelector } from "@/lib/policy";
import type { TGitLabCheck, TGitLabFinding, TGitLabPerson, TGitLabTarget } from "@/lib/schemas/gitlab-facts";
import { NOT_CONNECTED, unknownText, type GroupProjectsState, type ProjectFactsState } from "./facts-state";
import { isWildcard } from "./ref-glob";
import { subClaimFindings } from "./sub-claim";
import { analyzeRef, countPeople, howOf, type ConcreteRefType, type GroupMembersLookup, type PersonAccess, type RefAnalysis } from "./who-can";

export interface SelectorCheckInput {
  selector: GitLabSelector;
  /** Whether trustmap has a GitLab API token at all. */
  connected: boolean;
  /** For a group selector: the group's projects, subgroups included. Ignored for a project. */
  groupProjects?: GroupProjectsState;
  /** The facts of one project by its path. */
  project: (path: string) => ProjectFactsState;
  groups: GroupMembersLookup;
}

export interface SelectorCheck {
  gitlab: TGitLabCheck;
  findings: TGitLabFinding[];
}

function refTypesOf(selector: GitLabSelector): ConcreteRefType[] {
  return selector.refType === "any" ? ["branch", "tag"] : [selector.refType];
}

function unknownFinding(selector: GitLabSelector, reason: string, project?: string): TGitLabFinding {
  const what = project ?? `${selector.scope} ${selector.path}`;
  return {
    code: "gitlab-facts-unknown",
    severity: "high",
    message: `who can obtain a token for ${what} (${selector.refType} ${selector.ref}) is ${unknownText(reason)}; unknown protection counts as high risk`,
    fix: "Connect GitLab (GITLAB_TOKEN) or let the facts refresh, then check again",
    ...(project ? { project } : {}),
    ref: selector.ref,
  };
}

/** The sentence the issue asks for, e.g. "feature/x on acme/web is not protected: 7 people with Developer access can push it". */
export function unprotectedMessage(project: string, a: RefAnalysis): string {
  const n = countPeople(a.people.filter((p) => p.accessLevel >= 30));
  const people = `${n} ${n === 1 ? "person" : "people"} with Developer access`;
  if (!isWildcard(a.ref)) {
    const subject = a.refType === "branch" ? `${a.ref} on ${project}` : `tag ${a.ref} on ${project}`;
    return `${subject} is not protected: ${people} can ${a.refType === "branch" ? "push" : "create"} it`;
  }
  if (a.refType === "branch") {
    return `branches matching ${a.ref} on ${project} are not all protected: anyone with Developer on ${project} can create a matching branch (${people})`;
  }
  return `no protected-tag rule on ${project} covers every tag matching ${a.ref}: anyone with Developer on ${project} can create a matching tag (${people})`;
}

/** Findings for one analysed ref of one project. */
export function refFindings(project: string, a: RefAnalysis): TGitLabFinding[] {
  const where = { project, ref: a.ref };
  const out: TGitLabFinding[] = [];
  if (a.uncovered) {
    out.push({
      code: a.refType === "branch" ? "ref-unprotected" : "tag-unprotected",
      severity: "high",
      message: unprotectedMessage(project, a),
      fix: a.refType === "branch" ? `Protect ${a.ref} on ${project} (Settings > Repository > Branch rules), or map only protected refs` : `Add a protected-tag rule covering ${a.ref} on ${project}`,
      ...where,
    });
  }
  if (a.allowForcePush) {
    out.push({
      code: "force-push-allowed",
      severity: "medium",
      message: `force push allowed on ${a.ref} (${project}): whoever may push it can rewrite what it points to`,
      fix: `Turn off "Allowed to force push" on every rule matching ${a.ref}`,
      ...where,
    });
  }
  for (const p of a.people.filter((x) => x.unexpandedGroup)) {
    out.push({ code: "group-not-expanded", severity: "medium", message: `${p.name} on ${project}: ${p.reasons.join("; ")}; they are not counted`, fix: "Let the facts refresh read the group's members", ...where });
  }
  for (const key of a.deployKeys) {
    out.push({ code: "deploy-key-allowed", severity: "low", message: `${key} may ${a.refType === "branch" ? "push" : "create"} ${a.ref} on ${project}: whoever holds its private key can start pipelines there`, fix: "Check who holds the deploy key", ...where });
  }
  if (a.admitsAdmins) {
    out.push({ code: "admins-allowed", severity: "info", message: `a rule on ${project} admits instance administrators for ${a.ref}; they are not project members and are not listed`, fix: "None needed if administrators are trusted", ...where });
  }
  if (a.maintainersOutsideRules > 0 && !a.uncovered) {
    const n = a.maintainersOutsideRules;
    out.push({
      code: "maintainers-can-change-protection",
      severity: "low",
      message: `${n} Maintainer${n === 1 ? "" : "s"}/Owner${n === 1 ? "" : "s"} of ${project} ${n === 1 ? "is" : "are"} not allowed by the rules for ${a.ref} but can change them`,
      fix: "Review who is Maintainer on the project; GitLab's audit events record protection changes",
      ...where,
    });
  }
  return out;
}

/** Merge people of several analyses (a branch and a tag of one project) into the contract's people. */
export function mergePeople(analyses: readonly RefAnalysis[]): TGitLabPerson[] {
  const byName = new Map<string, PersonAccess>();
  for (const person of analyses.flatMap((a) => a.people)) {
    const key = person.username.toLowerCase();
    const seen = byName.get(key);
    if (!seen) byName.set(key, { ...person, reasons: [...person.reasons] });
    else {
      seen.accessLevel = Math.max(seen.accessLevel, person.accessLevel);
      for (const r of person.reasons) if (!seen.reasons.includes(r)) seen.reasons.push(r);
    }
  }
  return [...byName.values()]
    .sort((a, b) => b.accessLevel - a.accessLevel || (a.username < b.username ? -1 : a.username > b.username ? 1 : 0))
    .map((p) => ({ username: p.username, name: p.name, accessLevel: p.accessLevel, how: howOf(p) }));
}

/** One project's target: for refType `any`, protected only when both its branches and tags are. */
export function targetOf(project: string, analyses: readonly RefAnalysis[]): TGitLabTarget {
  return {
    project,
    protected: analyses.every((a) => a.protected),
    rules: analyses.flatMap((a) => a.rules),
    allowForcePush: analyses.some((a) => a.allowForcePush),
    people: mergePeople(analyses),
  };
}

function unknownTarget(project: string, reason: string): TGitLabTarget {
  return { project, protected: null, rules: [unknownText(reason)], allowForcePush: null, people: [] };
}

export function checkSelector(input: SelectorCheckInput): SelectorCheck {
  const { selector } = input;
  if (!input.connected) {
    return { gitlab: { checked: false, reason: unknownText(NOT_CONNECTED), targets: [] }, findings: [unknownFinding(selector, NOT_CONNECTED)] };
  }
  const findings: TGitLabFinding[] = [];
  let paths: string[];
  if (selector.scope === "group") {
    const listing = input.groupProjects ?? { known: false as const, reason: "not read yet" };
    if (!listing.known) return { gitlab: { checked: false, reason: unknownText(listing.reason), targets: [] }, findings: [unknownFinding(selector, listing.reason)] };
    paths = listing.projects;
    findings.push({
      code: "group-covers-future-projects",
      severity: "medium",
      message: `the grant covers every project below ${selector.path}, including projects created later: whoever may create a project there becomes its Owner and can push any ref`,
      fix: "Map single projects where you can, or restrict who may create projects in the group",
      project: selector.path,
    });
  } else {
    paths = [selector.path];
  }

  const targets: TGitLabTarget[] = [];
  const unknown: string[] = [];
  for (const path of paths) {
    const state = input.project(path);
    if (!state.known) {
      unknown.push(`${path}: ${state.reason}`);
      targets.push(unknownTarget(path, state.reason));
      findings.push(unknownFinding(selector, state.reason, path));
      continue;
    }
    const project = state.facts.path;
    const analyses = refTypesOf(selector).map((refType) => analyzeRef(state.facts, refType, selector.ref, input.groups));
    targets.push(targetOf(project, analyses));
    findings.push(...analyses.flatMap((a) => refFindings(project, a)));
    findings.push(...subClaimFindings(selector, project, state.facts.subClaimComponents));
    if (state.lastError !== null) {
      findings.push({ code: "gitlab-facts-stale", severity: "low", message: `facts of ${project} are from ${state.fetchedAt}; the last refresh failed (${state.lastError})`, fix: "Check the GitLab connection; the next refresh retries", project });
    }
  }
  const reason =
    unknown.length === 0 ? null : selector.scope === "project" ? (targets[0]?.rules[0] ?? null) : unknownText(`${unknown.length} of ${paths.length} projects: ${unknown.join("; ")}`);
  return { gitlab: { checked: unknown.length === 0, reason, targets }, findings };
}
