/**
 * Security linter for role trust policies used with GitLab OIDC federation.
 * Background: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html
 * (always restrict `sub` and `aud`) and https://docs.gitlab.com/ci/cloud_services/aws/
 */
import { hasWildcards, tokenizeIamString } from "./glob";
import { issuerHostFromUrl, parseProviderArn, splitIssuerKey, WEB_IDENTITY_CLAIM_KEYS } from "./issuer";
import { minimizePatterns } from "./minimize";
import { parsePolicyDocument, type NormalizedCondition, type NormalizedStatement } from "./parse";
import { actionPatternMatches } from "./prepare";
import { isAlphanumericSid } from "./sid";
import { DEFAULT_TRUST_POLICY_QUOTA, minifiedLength, NEAR_QUOTA_RATIO } from "./size";
import { impossibleSubReason, subPatternShape } from "./sub-pattern";
import type { Finding, PolicyError, Severity } from "./types";

/** What the linter should know about the role. */
export interface LintOptions {
  /** The role is production: wildcard refs and tag wildcards are flagged high. */
  production?: boolean;
  /** Size quota (default 2048). */
  quota?: number;
  /** The GitLab issuer URL, to recognise its keys even under a wildcard principal. */
  issuer?: string;
}

/** Findings (sorted by severity), or a typed error for an invalid policy. */
export type LintResult = { ok: true; findings: Finding[] } | { ok: false; error: PolicyError };

const SEVERITY_ORDER: Severity[] = ["critical", "high", "medium", "low", "info"];

const EQUALS_OPERATORS = new Set(["StringEquals", "StringEqualsIgnoreCase", "StringNotEquals", "StringNotEqualsIgnoreCase"]);

type Emit = (code: string, severity: Severity, message: string, fix: string, pattern?: string) => void;

function isWebIdentity(statement: NormalizedStatement): boolean {
  const any = statement.actions.values.some((pattern) => actionPatternMatches(pattern));
  return statement.actions.not ? !any : any;
}

/** Issuer hosts the statement trusts (OIDC provider ARNs) plus the configured issuer. */
function issuerHosts(statement: NormalizedStatement, options: LintOptions): string[] {
  const hosts = statement.principal.entries.flatMap((entry) => (entry.type === "Federated" ? [parseProviderArn(entry.value)?.issuerHost ?? ""] : [])).filter((host) => host !== "");
  if (options.issuer !== undefined) hosts.push(issuerHostFromUrl(options.issuer));
  return [...new Set(hosts.map((host) => host.toLowerCase()))];
}

function claimOf(condition: NormalizedCondition, hosts: string[]): string | null {
  const split = splitIssuerKey(condition.key);
  if (split === null || !hosts.includes(split.issuerHost.toLowerCase())) return null;
  return split.claim.toLowerCase();
}

/** A condition that narrows which values pass (and does not pass on a missing key). */
function restricts(condition: NormalizedCondition): boolean {
  const { op } = condition;
  return op.base.startsWith("String") && !op.negated && op.set !== "ForAllValues" && !op.ifExists;
}

function literalValue(value: string): string {
  return value.replace(/\$\{\$\}/g, "$");
}

/**
 * `text.replace(/[*?].*$/, "")` without its quadratic backtracking: cut at the first `*`/`?` that
 * no line terminator follows (`.` stops at one, and `$` is the end of the text).
 */
function beforeWildcard(text: string): string {
  let from = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const ch = text[i];
    if (ch === "\n" || ch === "\r" || ch === "\u2028" || ch === "\u2029") {
      from = i + 1;
      break;
    }
  }
  for (let i = from; i < text.length; i++) if (text[i] === "*" || text[i] === "?") return text.slice(0, i);
  return text;
}

function lintSubPattern(pattern: string, options: LintOptions, emit: Emit): void {
  const text = literalValue(pattern);
  const impossible = impossibleSubReason(text);
  if (impossible !== null) {
    emit("impossible-pattern", "high", `Pattern ${pattern} can never match a GitLab token: ${impossible}`, "Write the pattern as project_path:{group}/{project}:ref_type:{branch|tag}:ref:{ref}", pattern);
    return;
  }
  const shape = subPatternShape(text);
  if (shape.projectPath !== null) {
    const segments = shape.projectPath.split("/");
    const first = segments[0] ?? "";
    if (/[*?]/.test(first)) {
      emit("namespace-wildcard", "critical", `Pattern ${pattern} has a wildcard in the top-level namespace ('${first}'): projects in namespaces anyone can create (e.g. '${beforeWildcard(first)}-evil') match`, "Name the top-level group exactly, e.g. project_path:team/*", pattern);
    } else {
      const partial = segments.slice(1).find((segment) => /[*?]/.test(segment) && segment !== "*");
      if (partial !== undefined) {
        emit("prefix-collision", "high", `Pattern ${pattern} matches by prefix inside a path segment ('${partial}'): it also matches sibling projects or groups such as '${beforeWildcard(partial)}-evil'`, "End the segment with '/' before the wildcard (group/*) or name the project exactly", pattern);
      }
    }
  }
  const refWildcard = shape.ref !== null && /[*?]/.test(shape.ref);
  const typeWildcard = shape.refType !== null && /[*?]/.test(shape.refType);
  if (options.production === true && (refWildcard || typeWildcard)) {
    const tag = shape.refType === "tag" || typeWildcard;
    emit("production-ref-wildcard", "high", `Production role: pattern ${pattern} accepts ${tag ? "any matching tag" : "any matching branch"}, including unprotected ones`, "Restrict production roles to exact protected branches (e.g. ref_type:branch:ref:main)", pattern);
  } else if (shape.ref === "*") {
    emit("any-ref", "low", `Pattern ${pattern} accepts every ${shape.refType === "tag" ? "tag" : shape.refType === "branch" ? "branch" : "branch and tag"} of the project`, "Restrict to the refs that deploy, e.g. ref:main", pattern);
  }
}

function lintCondition(statement: NormalizedStatement, condition: NormalizedCondition, hosts: string[], options: LintOptions, emit: Emit): void {
  const { op, key, operator } = condition;
  const claim = claimOf(condition, hosts);
  const allow = statement.effect === "Allow";
  if (EQUALS_OPERATORS.has(op.base)) {
    for (const value of condition.values) {
      if (hasWildcards(tokenizeIamString(value, { wildcards: true, variables: true }))) {
        emit("wildcard-in-string-equals", "high", `${operator} compares ${key} with '${value}' literally: '*' and '?' are not wildcards there, so this value never matches a real token`, "Use StringLike for wildcard patterns", value);
      }
    }
  }
  const split = splitIssuerKey(key);
  if (split !== null && claim === null && hosts.length > 0) {
    emit("other-issuer-key", "high", `${key} belongs to issuer '${split.issuerHost}', which this statement does not trust: the key is always missing, so ${operator} is ${op.negated || op.ifExists ? "always true and restricts nothing" : "always false"}`, `Use the trusted provider's prefix (${hosts[0]}:...)`);
  } else if (claim !== null && !WEB_IDENTITY_CLAIM_KEYS.includes(claim)) {
    const alwaysTrue = op.negated || op.ifExists || op.set === "ForAllValues" || (op.base === "Null" && condition.values.some((v) => v.toLowerCase() === "true"));
    const effect = alwaysTrue ? "is always true and restricts nothing" : allow ? "is always false, so the statement never allows anything" : "is always false, so the Deny never applies";
    emit("key-never-set", "high", `AWS never sets ${key}: only aud, sub and amr of an OIDC token are condition keys. ${operator} on it ${effect}`, claim === "ref_protected" || claim === "environment" ? "Put the ref (or use protected branches/environments in GitLab) into sub via ci_id_token_sub_claim_components, or enforce it on the GitLab side" : "Express the restriction through sub or aud");
  }
  if (!op.evaluated) emit("unsupported-operator", "info", `${operator} on ${key} is not evaluated by trustmap's simulator`, "Check this condition by hand");
  if (op.set !== null && (claim === "sub" || claim === "aud")) {
    emit("set-operator-single-valued", "medium", `${operator} on the single-valued key ${key}: AWS advises against set operators on single-valued keys${op.set === "ForAllValues" ? " (ForAllValues also passes when the key is missing)" : ""}`, `Use the plain operator (${op.base})`);
  }
  if (claim === "sub" && allow && restricts(condition)) {
    for (const value of condition.values) lintSubPattern(value, options, emit);
    if (op.base === "StringLike") {
      for (const [pattern, cover] of Object.entries(minimizePatterns(condition.values).dropped)) {
        emit("subsumed-pattern", "low", `Pattern ${pattern} is already covered by ${cover}`, "Remove it; the policy allows the same tokens without it", pattern);
      }
    }
    const counts = new Map<string, number>();
    for (const v of condition.values) counts.set(v, (counts.get(v) ?? 0) + 1);
    for (const [pattern, count] of counts) {
      if (count > 1) emit("duplicate-pattern", "low", `Pattern ${pattern} is listed ${count} times`, "Remove the copies", pattern);
    }
  }
}

function lintStatement(statement: NormalizedStatement, options: LintOptions, emit: Emit): void {
  const webIdentity = isWebIdentity(statement);
  const hosts = issuerHosts(statement, options);
  const allow = statement.effect === "Allow";
  const wildcardPrincipal = statement.principal.wildcard || statement.principal.entries.some((e) => e.type === "AWS" && e.value === "*");
  if (allow && webIdentity && statement.principal.not) {
    emit("not-principal-allow", "high", "Allow with NotPrincipal trusts every principal except the listed ones", "Name the trusted OIDC provider in Principal.Federated");
  }
  if (allow && webIdentity && wildcardPrincipal && !statement.principal.not) {
    emit("wildcard-principal", "critical", "The statement trusts every principal (\"*\"): any OIDC provider registered in the account can be used to assume the role", "Use {\"Federated\": \"arn:aws:iam::ACCOUNT:oidc-provider/GITLAB_HOST\"}");
  }
  const trustsOidc = statement.principal.entries.some((e) => e.type === "Federated" && parseProviderArn(e.value) !== null) || (wildcardPrincipal && !statement.principal.not);
  if (allow && webIdentity && trustsOidc) {
    const claims = statement.conditions.filter(restricts).map((c) => claimOf(c, hosts.length > 0 ? hosts : [splitIssuerKey(c.key)?.issuerHost.toLowerCase() ?? ""]));
    if (!claims.includes("sub")) {
      emit("no-sub-condition", "critical", "No condition restricts the token's sub: any project (on gitlab.com, anyone's) whose token has the right audience can assume the role", "Add StringLike {issuer}:sub with project_path:{group}/{project}:ref_type:branch:ref:{branch}");
    }
    if (!claims.includes("aud")) {
      emit("no-aud-condition", "high", "No condition restricts the token's aud: tokens minted for other services are accepted", "Add StringEquals {issuer}:aud with the audience your jobs request");
    }
  }
  for (const condition of statement.conditions) lintCondition(statement, condition, hosts, options, emit);
}

/** Lint a trust policy (object, JSON or URL-encoded JSON). Findings sorted by severity, then statement. */
export function lintTrustPolicy(policy: unknown, options: LintOptions = {}): LintResult {
  const parsed = parsePolicyDocument(policy);
  if (!parsed.ok) return parsed;
  const findings: Finding[] = [];
  const sids = new Map<string, number>();
  for (const statement of parsed.policy.statements) {
    const emit: Emit = (code, severity, message, fix, pattern) => {
      const finding: Finding = { code, severity, message, fix, statementIndex: statement.index };
      if (statement.sid !== null) finding.statementSid = statement.sid;
      if (pattern !== undefined) finding.pattern = pattern;
      findings.push(finding);
    };
    if (statement.sid !== null) {
      if (!isAlphanumericSid(statement.sid)) emit("invalid-sid", "low", `Sid '${statement.sid}' is not alphanumeric; IAM policy Sids allow only A-Z, a-z and 0-9`, "Rename the Sid");
      if (sids.has(statement.sid)) emit("duplicate-sid", "high", `Sid '${statement.sid}' is used by statements ${sids.get(statement.sid)} and ${statement.index}`, "Give every statement a unique Sid");
      else sids.set(statement.sid, statement.index);
    }
    lintStatement(statement, options, emit);
  }
  const quota = options.quota ?? DEFAULT_TRUST_POLICY_QUOTA;
  const size = minifiedLength(parsed.policy.document);
  if (size > quota) {
    findings.push({ code: "size-over-quota", severity: "high", message: `The policy has ${size} characters, ${size - quota} over the ${quota}-character quota: IAM rejects it (LimitExceeded)`, fix: "Move mappings to another role or raise the role trust policy length quota" });
  } else if (size > quota * NEAR_QUOTA_RATIO) {
    findings.push({ code: "size-near-quota", severity: "medium", message: `The policy uses ${size} of ${quota} characters (${Math.round((size / quota) * 100)}%)`, fix: "Plan to split mappings across roles or raise the quota" });
  }
  findings.sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || (a.statementIndex ?? -1) - (b.statementIndex ?? -1));
  return { ok: true, findings };
}
