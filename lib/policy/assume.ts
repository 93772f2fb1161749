/**
 * One GitLab job's token against several roles' trust policies: which roles let it assume them,
 * and why. The one loop behind the Simulator ("would this token be allowed?") and the access view
 * "what can project P assume?".
 *
 * It lives in the policy engine rather than in lib/access or lib/simulate because it is IAM
 * evaluation semantics (each role judged on its own policy through its own provider; across roles
 * any Allow wins, else the strongest deny), both domains must give exactly the same answer, and
 * lib/policy is pure and already the one module both depend on — neither domain has to import
 * the other.
 */
import { evaluate, type Explanation } from "./evaluate";
import type { Decision, PolicyError } from "./types";

/** A role to judge the token against. */
export interface RoleTrust<K> {
  /** The caller's handle for the role, returned with its outcome. */
  key: K;
  /** The trust policy (object or JSON text); null when it is not known, e.g. not read from IAM yet. */
  policy: unknown;
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
  | { key: K; status: "unknown-policy" }
  | { key: K; status: "error"; error: PolicyError }
  | { key: K; status: "evaluated"; results: AudienceResult[] };

/** One evaluation: `audience` is the one substituted into the token, or undefined for the token's own. */
export interface AudienceResult {
  audience: string | undefined;
  explanation: Explanation;
}

export interface TokenAcrossRoles<K> {
  /** Across every evaluated role and audience (see combineDecisions). */
  decision: Decision;
  /** One outcome per role, in input order. */
  roles: RoleOutcome<K>[];
}

/** Across roles: any Allow means the job can assume something; every one an explicit deny is ExplicitDeny; else ImplicitDeny. */
export function combineDecisions(decisions: readonly Decision[]): Decision {
  if (decisions.includes("Allow")) return "Allow";
  if (decisions.length > 0 && decisions.every((d) => d === "ExplicitDeny")) return "ExplicitDeny";
  return "ImplicitDeny";
}

/** Evaluate the token's claims against every role (each policy is parsed and prepared once). */
export function evaluateTokenAgainstRoles<K>(claims: Record<string, unknown>, roles: readonly RoleTrust<K>[]): TokenAcrossRoles<K> {
  const decisions: Decision[] = [];
  const outcomes = roles.map((role): RoleOutcome<K> => {
    if (role.policy === null || role.policy === undefined) return { key: role.key, status: "unknown-policy" };
    const audiences = role.audiences ?? [undefined];
    const results: AudienceResult[] = [];
    for (const audience of audiences) {
      const result = evaluate({ policy: role.policy, claims: audience === undefined ? claims : { ...claims, aud: audience }, providerArn: role.providerArn });
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
