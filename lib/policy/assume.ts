/**
 * One GitLab job's token against several roles' trust policies: which roles let it assume them,
 * and why. The one loop behind the Simulator ("would this token be allowed?") and the access view
 * "what can project P assume?", and the one rule for which policy a role is judged on.
 *
 * It lives in the policy engine rather than in lib/access or lib/simulate because it is IAM
 * evaluation semantics (each role judged on its own policy through its own provider; across roles
 * any Allow wins, else the strongest deny), both domains must give exactly the same answer, and
 * lib/policy is pure and already the one module both depend on — neither domain has to import
 * the other.
 */
import { evaluate, type Explanation } from "./evaluate";
import type { Decision, PolicyError } from "./types";

/** What trustmap knows of a role's trust policy: the document as last read from IAM, and when. */
export interface StoredTrust {
  /** null: never read, or the role did not exist in IAM when last read. */
  actualTrustPolicy: unknown;
  actualFetchedAt: Date | null;
}

/** Why a role was not judged: its policy was never read from IAM, or the role was absent when read. */
export type NotJudgedWhy = "not-read" | "absent-from-iam";

/** The policy a role is judged on, or why it is not judged. */
export type PolicyToJudge = { judged: "actual"; policy: unknown } | { judged: null; why: NotJudgedWhy };

/**
 * Which trust policy a role is judged on — the one rule for the Simulator and the access views:
 * the policy as last read from IAM; a role never read (or absent from IAM when read) is not judged.
 *
 * Never the desired state: both answer "would AWS let this job in", which only the policy IAM
 * holds decides. A role not read yet may carry statements trustmap does not manage (allowing more
 * than desired) or not exist at all (allowing nothing); judging it on the desired state would be a
 * guess in either direction, and a guess that understates access is the dangerous one in an access
 * review. The desired state is still shown, as such (e.g. the grants "who can assume" lists, the
 * approved mappings that would admit a job), never as a decision.
 */
export function policyToJudge(role: StoredTrust): PolicyToJudge {
  if (role.actualTrustPolicy !== null && role.actualTrustPolicy !== undefined) return { judged: "actual", policy: role.actualTrustPolicy };
  return { judged: null, why: role.actualFetchedAt === null ? "not-read" : "absent-from-iam" };
}

/** Why a role was not judged, in words (without advice: callers add what to do about it). */
export function notJudgedReason(why: NotJudgedWhy): string {
  return why === "not-read" ? "its trust policy has not been read from IAM yet" : "the role did not exist in IAM when last read";
}

/** A role to judge the token against. */
export interface RoleTrust<K> {
  /** The caller's handle for the role, returned with its outcome. */
  key: K;
  /** The role's stored trust policy; which part is judged is policyToJudge's rule, not the caller's. */
  stored: StoredTrust;
  /** The OIDC provider the token reaches this role through. */
  providerArn: string;
  /**
   * Judge the token once per audience (its `aud` replaced), e.g. every audience the role's
   * account accepts, for "could a job of this project get in with some token". Default: once,
   * with the token's own `aud`.
   */
  audiences?: readonly string[];
}

/** How one role judged the token. A role with an unknown policy is never evaluated against a guess. */
export type RoleOutcome<K> =
  | { key: K; status: "unknown-policy"; why: NotJudgedWhy }
  | { key: K; status: "error"; error: PolicyError }
  | { key: K; status: "evaluated"; results: AudienceResult[] };

/** One evaluation: `audience` is the one substituted into the token, or undefined for the token's own. */
export interface AudienceResult {
  audience: string | undefined;
  explanation: Explanation;
}

/** Across roles: a policy decision, or NotEvaluated when no role's policy could be evaluated. */
export type OverallDecision = Decision | "NotEvaluated";

export interface TokenAcrossRoles<K> {
  /** Across every evaluated role and audience (see combineDecisions). */
  decision: OverallDecision;
  /** One outcome per role, in input order. */
  roles: RoleOutcome<K>[];
}

/**
 * Across roles: any Allow means the job can assume something; every one an explicit deny is
 * ExplicitDeny; else ImplicitDeny. Nothing evaluated is NotEvaluated — never a deny nobody decided.
 */
export function combineDecisions(decisions: readonly Decision[]): OverallDecision {
  if (decisions.length === 0) return "NotEvaluated";
  if (decisions.includes("Allow")) return "Allow";
  if (decisions.every((d) => d === "ExplicitDeny")) return "ExplicitDeny";
  return "ImplicitDeny";
}

/** Evaluate the token's claims against every role (each policy is parsed and prepared once). */
export function evaluateTokenAgainstRoles<K>(claims: Record<string, unknown>, roles: readonly RoleTrust<K>[]): TokenAcrossRoles<K> {
  const decisions: Decision[] = [];
  const outcomes = roles.map((role): RoleOutcome<K> => {
    const toJudge = policyToJudge(role.stored);
    if (toJudge.judged === null) return { key: role.key, status: "unknown-policy", why: toJudge.why };
    const audiences = role.audiences ?? [undefined];
    const results: AudienceResult[] = [];
    for (const audience of audiences) {
      const result = evaluate({ policy: toJudge.policy, claims: audience === undefined ? claims : { ...claims, aud: audience }, providerArn: role.providerArn });
      // A bad policy or provider fails the same way for every audience.
      if (!result.ok) return { key: role.key, status: "error", error: result.error };
      const { ok: _ok, ...explanation } = result;
      void _ok;
      results.push({ audience, explanation });
      decisions.push(explanation.decision);
    }
    return { key: role.key, status: "evaluated", results };
  });
  return { decision: combineDecisions(decisions), roles: outcomes };
}
