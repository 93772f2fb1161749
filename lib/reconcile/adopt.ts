/**
 * Import: turn grants found in a role's actual trust policy into mappings that record what IAM
 * already grants. Pure: a trust policy in; per statement the proposed mappings, the reasons for
 * what cannot be expressed as a mapping, and the linter's findings out.
 *
 * An import never widens access: a grant is proposed only when its mapping, compiled back into a
 * `sub` pattern, admits nothing the grant's own pattern does not (checked with the policy
 * engine's glob inclusion, which answers "no" when unsure), and only for a grant whose every
 * condition is an aud/sub constraint trustmap reproduces (anything else, e.g. a source-IP or
 * `amr` condition, would be dropped by the mapping, so such a grant is refused).
 */
import { createHash } from "node:crypto";
import { compileSubjects, globIncludes, lintTrustPolicy, parseSubPattern, readTrustPolicy, validateSelector, type Finding, type Grant, type GitLabSelector } from "@/lib/policy";
import { canonicalJson } from "./canonical-json";

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

/**
 * Why the mapping for `selector` would admit more than `pattern` does, or null when every `sub`
 * pattern trustmap would write for it is included in `pattern`.
 */
function wideningOf(selector: GitLabSelector, pattern: string): string | null {
  const compiled = compileSubjects(selector);
  if (!compiled.ok) return `sub pattern ${pattern} is not a mapping: ${compiled.errors.map((e) => e.message).join("; ")}`;
  const wider = compiled.patterns.find((p) => !globIncludes(p, pattern));
  return wider === undefined ? null : `the mapping for ${pattern} would be written as ${wider}, which could admit more than the grant does: not imported`;
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
    const widens = wideningOf(selector, pattern);
    if (widens !== null) {
      out.unadoptable.push({ ...base, reason: widens });
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

/**
 * A fingerprint of a trust policy's content (SHA-256 of its canonical JSON; of the text when it
 * is not JSON): whitespace, key order and IAM's URL-encoding do not change it, any edit does. An
 * import names the fingerprint of the policy it was shown, and is refused when IAM's differs.
 */
export function trustPolicyFingerprint(document: string): string {
  let canonical: string | undefined;
  try {
    canonical = canonicalJson(JSON.parse(document));
  } catch {
    canonical = undefined;
  }
  return createHash("sha256").update(canonical ?? document).digest("hex");
}

/** What makes two mappings of one role the same grant: the selector and the audience. */
export function grantKey(selector: Pick<GitLabSelector, "scope" | "path" | "refType" | "ref">, audience: string): string {
  return [selector.scope, selector.path, selector.refType, selector.ref, audience].join("\n");
}

export interface ImportProposal extends MappingProposal {
  /** The role already has an active mapping for exactly this grant: nothing to import. */
  alreadyMapped: boolean;
}

/** One statement of a role's trust policy that trusts the account's GitLab provider. */
export interface ImportStatement {
  statementIndex: number;
  sid: string | null;
  /** The statement carries trustmap's Sid (a role managed by trustmap before). */
  owned: boolean;
  proposals: ImportProposal[];
  /** Why (part of) the statement cannot become a mapping. */
  unadoptable: string[];
  /** The linter's findings on this statement. */
  findings: Finding[];
}

export interface ImportView {
  policySha256: string;
  statements: ImportStatement[];
}

export interface ImportContext {
  providerArn: string;
  issuerUrl: string;
  audienceFallback: string;
  /**
   * The role is registered: its own managed statements stand for its existing mappings and are
   * left out; otherwise they are read too (a role trustmap managed before).
   */
  registered: boolean;
  production?: boolean;
  quota?: number;
  /** grantKey of each active mapping the role already has. */
  mapped?: ReadonlySet<string>;
}

/** The statements of `document` that trust the provider, as the import page shows them. */
export function importView(document: string, context: ImportContext): ImportView {
  const found = proposeMappings(document, context.providerArn, { audienceFallback: context.audienceFallback, includeOwned: !context.registered });
  const lint = lintTrustPolicy(document, { issuer: context.issuerUrl, production: context.production, quota: context.quota });
  const owned = new Map<number, boolean>();
  const read = readTrustPolicy(document);
  if (read.ok) for (const g of read.grants) owned.set(g.statementIndex, g.owned);
  const byIndex = new Map<number, ImportStatement>();
  const statement = (index: number, sid: string | null): ImportStatement => {
    let s = byIndex.get(index);
    if (s === undefined) {
      s = { statementIndex: index, sid, owned: owned.get(index) ?? false, proposals: [], unadoptable: [], findings: lint.ok ? lint.findings.filter((f) => f.statementIndex === index) : [] };
      byIndex.set(index, s);
    }
    return s;
  };
  for (const p of found.proposals) statement(p.statementIndex, p.sid).proposals.push({ ...p, alreadyMapped: context.mapped?.has(grantKey(p.selector, p.audience)) ?? false });
  for (const u of found.unadoptable) statement(u.statementIndex, u.sid).unadoptable.push(u.reason);
  return { policySha256: trustPolicyFingerprint(document), statements: [...byIndex.values()].sort((a, b) => a.statementIndex - b.statementIndex) };
}

/** A role the import page offers, with its statements that trust the account's GitLab provider. */
export interface ImportCandidate extends ImportView {
  accountId: string;
  roleName: string;
  roleArn: string;
  /** trustmap manages the role already: only its hand-written statements are offered. */
  registered: boolean;
}

/** What discovery found in one account. */
export interface AccountImports {
  accountId: string;
  name: string;
  /** Why the account's roles could not be listed (nothing else of it is shown then). */
  error: string | null;
  candidates: ImportCandidate[];
}

/** A grant chosen on the import page: a proposal of one statement. */
export interface ChosenGrant {
  statementIndex: number;
  pattern: string;
  audience: string;
}

/**
 * The proposals of `view` the chosen grants name, or the reason one of them is not (or no
 * longer) something the trust policy grants. Nothing is imported unless every choice is found.
 */
export function resolveChosenGrants(view: ImportView, chosen: readonly ChosenGrant[]): { ok: true; proposals: ImportProposal[] } | { ok: false; reason: string } {
  const out: ImportProposal[] = [];
  const seen = new Set<string>();
  for (const c of chosen) {
    const statement = view.statements.find((s) => s.statementIndex === c.statementIndex);
    const proposal = statement?.proposals.find((p) => p.pattern === c.pattern && p.audience === c.audience);
    const label = `statement #${c.statementIndex}, ${c.pattern} (aud ${c.audience})`;
    if (proposal === undefined) return { ok: false, reason: `${label} is not a grant the role's trust policy holds that trustmap can import` };
    if (proposal.alreadyMapped) return { ok: false, reason: `${label} is already a mapping of this role` };
    const key = grantKey(proposal.selector, proposal.audience);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(proposal);
  }
  return out.length === 0 ? { ok: false, reason: "Choose at least one grant to import" } : { ok: true, proposals: out };
}
