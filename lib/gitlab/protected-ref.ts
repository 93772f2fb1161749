/**
 * Whether a protected-branch (or protected-tag) rule, an exact name or a wildcard like `release/*`,
 * covers a ref. GitLab anchors the pattern and turns each `*` into a lazy "anything", so `*` also
 * matches `/` (`release/*` covers `release/1.0/hotfix`); every other character, `?` included, is
 * literal, and matching is case-sensitive. Source: gitlab-org/gitlab lib/gitlab/protected_ref_matcher.rb;
 * docs: https://docs.gitlab.com/user/project/repository/branches/protected/#protect-multiple-branches-with-wildcard-rules
 *
 * Matched with the policy engine's linear-bounded wildcard matcher, never a RegExp built from the
 * rule (a rule like `*a*a*a*c` would make a backtracking RegExp take exponential time).
 */
import { compileWildcards, matchesText } from "@/lib/policy";

/** Does the rule `pattern` cover `ref`? An empty rule covers nothing. */
export function protectedRefMatches(pattern: string, ref: string): boolean {
  if (pattern.length === 0) return false;
  if (pattern === ref) return true;
  if (!pattern.includes("*")) return false;
  return matchesText(compileWildcards(pattern, { one: false }), ref);
}

/** Is `ref` covered by any of the protected-ref rules? */
export function isProtectedBy(patterns: readonly string[], ref: string): boolean {
  return patterns.some((p) => protectedRefMatches(p, ref));
}
