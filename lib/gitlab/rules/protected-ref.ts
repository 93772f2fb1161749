/**
 * Whether a protected-branch rule (an exact name or a wildcard like `release/*`) covers a branch.
 * GitLab anchors the pattern and turns each `*` into a lazy "anything", so `*` also matches `/`
 * (`release/*` covers `release/1.0/hotfix`). Source: gitlab-org/gitlab lib/gitlab/protected_ref_matcher.rb;
 * docs: https://docs.gitlab.com/user/project/repository/branches/protected/#protect-multiple-branches-with-wildcard-rules
 */
export function protectedRefMatches(pattern: string, ref: string): boolean {
  if (pattern.length === 0) return false;
  if (pattern === ref) return true;
  if (!pattern.includes("*")) return false;
  const body = pattern
    .split("*")
    .map((segment) => segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*?");
  return new RegExp(`^${body}$`, "s").test(ref);
}

export function isProtectedBy(patterns: readonly string[], ref: string): boolean {
  return patterns.some((p) => protectedRefMatches(p, ref));
}
