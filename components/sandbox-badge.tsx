/** Marks data that comes from trustmap's built-in sandbox (demo mode), not from AWS or GitLab. */
export function SandboxBadge() {
  return (
    <span data-testid="sandbox-badge" title="trustmap's built-in sandbox: it exists only inside trustmap, nothing here reaches AWS or GitLab" className="ml-1 rounded bg-violet-100 px-1.5 py-0.5 align-middle text-xs font-medium text-violet-900">
      sandbox
    </span>
  );
}

/**
 * One line under a page's heading when some of what the page shows comes from the sandbox: which
 * AWS accounts and whether GitLab. Renders nothing when the sandbox serves nothing.
 */
export function SandboxNote({ accountIds, gitlab }: { accountIds: readonly string[]; gitlab: boolean }) {
  if (accountIds.length === 0 && !gitlab) return null;
  const parts = [...(accountIds.length > 0 ? [`AWS account ${accountIds.join(", ")}`] : []), ...(gitlab ? ["GitLab"] : [])];
  return (
    <p role="note" data-testid="sandbox-note" className="mt-2 rounded border border-violet-200 bg-violet-50 p-2 text-sm text-violet-950">
      <SandboxBadge /> {parts.join(" and ")} {parts.length > 1 ? "are" : "is"} trustmap&apos;s built-in sandbox: real answers from a
      simulated {parts.length > 1 ? "AWS and GitLab" : gitlab ? "GitLab" : "AWS"}, and nothing reaches the real ones. Real AWS accounts (added in Settings) and a GITLAB_TOKEN replace it.
    </p>
  );
}
