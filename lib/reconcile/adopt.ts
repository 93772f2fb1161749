/**
 * Adopt and import: turn grants found in actual trust policies into mapping proposals (which
 * still need approval). Pure: a trust policy in, proposals and the reasons for what cannot be
 * expressed as a mapping out.
 */
import { parseSubPattern, readTrustPolicy, validateSelector, type Grant, type GitLabSelector } from "@/lib/policy";

export interface MappingProposal {
  statementIndex: number;
  sid: string | null;
  selector: GitLabSelector;
  audience: string;
  /** The sub pattern the proposal came from. */
  pattern: string;
}

export interface Unadoptable {
  statementIndex: number;
  sid: string | null;
  reason: string;
}

export interface Proposals {
  proposals: MappingProposal[];
  unadoptable: Unadoptable[];
}

/** `project_path:team/*:ref_type:branch:ref:main` → a group selector for `team`, branch `main`. */
export function selectorFromSubPattern(pattern: string): GitLabSelector | string {
  const parts = parseSubPattern(pattern);
  if (parts === null || (parts.refType !== "branch" && parts.refType !== "tag" && parts.refType !== "*")) {
    return `sub pattern ${pattern} is not project_path:…:ref_type:…:ref:… (custom sub components are not adopted)`;
  }
  const { projectPath: rawPath, refType, ref } = parts;
  const group = rawPath.endsWith("/*");
  const path = group ? rawPath.slice(0, -2) : rawPath;
  const selector = { scope: group ? "group" : "project", path, refType: refType === "*" ? "any" : refType, ref };
  const checked = validateSelector(selector);
  if (!checked.ok) return `sub pattern ${pattern} is not a mapping: ${checked.errors.map((e) => e.message).join("; ")}`;
  return checked.selector;
}

function grantProposals(grant: Grant, audienceFallback: string): Proposals {
  const base = { statementIndex: grant.statementIndex, sid: grant.sid };
  const refuse = (reason: string): Proposals => ({ proposals: [], unadoptable: [{ ...base, reason }] });
  if (grant.effect !== "Allow" || !grant.webIdentity) return { proposals: [], unadoptable: [] };
  if (grant.notPrincipal) return refuse("NotPrincipal grants cannot be expressed as mappings");
  if (grant.uninterpretable.length > 0) return refuse(grant.uninterpretable.map((u) => u.message).join("; "));
  if (grant.subjects.length !== 1) return refuse(grant.subjects.length === 0 ? "no sub condition: it admits every project, which trustmap never proposes" : "several AND-ed sub conditions");
  const subject = grant.subjects[0]!;
  if (subject.operator === "StringEqualsIgnoreCase") return refuse("case-insensitive sub comparison");
  const audiences = grant.audiences.length === 1 && grant.audiences[0]!.operator === "StringEquals" ? grant.audiences[0]!.values : grant.audiences.length === 0 ? [audienceFallback] : null;
  if (audiences === null) return refuse("the aud condition is not a plain StringEquals");
  const out: Proposals = { proposals: [], unadoptable: [] };
  for (const pattern of subject.values) {
    const selector = selectorFromSubPattern(pattern);
    if (typeof selector === "string") {
      out.unadoptable.push({ ...base, reason: selector });
      continue;
    }
    if (subject.operator === "StringEquals" && /[*?]/.test(pattern)) {
      out.unadoptable.push({ ...base, reason: `StringEquals compares ${pattern} literally: it never matches, nothing to adopt` });
      continue;
    }
    for (const audience of audiences) out.proposals.push({ ...base, selector, audience, pattern });
  }
  return out;
}

/**
 * Mapping proposals for the grants of `document` that trust `providerArn`. `onlyStatement`
 * restricts it to one statement (adopting one foreign statement); `includeOwned` also reads
 * trustmap's own statements (importing a role managed elsewhere before).
 */
export function proposeMappings(document: string, providerArn: string, options: { audienceFallback: string; onlyStatement?: number; includeOwned?: boolean }): Proposals {
  const read = readTrustPolicy(document);
  if (!read.ok) return { proposals: [], unadoptable: [{ statementIndex: -1, sid: null, reason: read.error.message }] };
  const out: Proposals = { proposals: [], unadoptable: [] };
  for (const grant of read.grants) {
    if (grant.providerArn !== providerArn) continue;
    if (grant.owned && options.includeOwned !== true) continue;
    if (options.onlyStatement !== undefined && grant.statementIndex !== options.onlyStatement) continue;
    const part = grantProposals(grant, options.audienceFallback);
    out.proposals.push(...part.proposals);
    out.unadoptable.push(...part.unadoptable);
  }
  return out;
}
