/**
 * Risk tier of an access request, decided on the server from the selector, the role and the
 * linter's findings; never taken from the client. High risk needs two distinct approvers.
 */
import type { Finding, GitLabSelector } from "@/lib/policy";

export type RiskTier = "normal" | "high";

export interface RiskAssessment {
  tier: RiskTier;
  requiredApprovals: 1 | 2;
  /** Why the tier is high (empty for normal). */
  reasons: string[];
}

const WILDCARD = /[*?]/;

/** A finding about GitLab's side of the grant (lib/gitlab-facts), as risk reads it. */
export interface GitLabRiskFinding {
  severity: string;
  message: string;
}

/**
 * High risk when any of:
 * - the selector covers a whole group (the compiled `sub` has a wildcard in the project part);
 * - the role is production and the ref is a wildcard;
 * - the ref is a tag wildcard (tags can usually be pushed by any developer);
 * - the linter reports a critical or high finding on the request's own statement;
 * - GitLab's side says so (lib/gitlab-facts/check.ts): a ref nobody protected, a tag glob no
 *   protected-tag rule covers, or protection that is unknown (GitLab not connected or unreadable:
 *   unknown never counts as safe). The finding's message is the reason, as is.
 */
export function assessRisk(input: {
  selector: Pick<GitLabSelector, "scope" | "refType" | "ref">;
  production: boolean;
  findings: readonly Finding[];
  gitlab?: readonly GitLabRiskFinding[];
}): RiskAssessment {
  const reasons: string[] = [];
  const { selector } = input;
  const refWildcard = WILDCARD.test(selector.ref);
  if (selector.scope === "group") reasons.push("covers every project of a group (wildcard in the project part of sub)");
  if (input.production && refWildcard) reasons.push("wildcard ref on a production role");
  if (refWildcard && selector.refType !== "branch") reasons.push("tag wildcard (anyone who can push a matching tag gets the role)");
  for (const finding of input.findings) {
    if (finding.severity === "critical" || finding.severity === "high") reasons.push(`linter: ${finding.message}`);
  }
  for (const finding of input.gitlab ?? []) {
    if (finding.severity === "critical" || finding.severity === "high") reasons.push(finding.message);
  }
  const unique = [...new Set(reasons)];
  return unique.length > 0 ? { tier: "high", requiredApprovals: 2, reasons: unique } : { tier: "normal", requiredApprovals: 1, reasons: [] };
}
