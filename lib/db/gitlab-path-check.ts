import "server-only";
import { createGitLabAdapter } from "@/lib/gitlab/adapter";
import type { GitLabPort } from "@/lib/gitlab/port";
import { isAppError } from "@/lib/errors";

let cached: { key: string; port: GitLabPort } | null = null;

/** The connected GitLab (GITLAB_URL + GITLAB_TOKEN), or null when none is configured. */
function connectedGitLab(): { host: string; port: GitLabPort } | null {
  const token = process.env.GITLAB_TOKEN;
  if (!token) return null;
  const host = (process.env.GITLAB_URL ?? "https://gitlab.com").replace(/\/+$/, "");
  const key = `${host}\n${token}`;
  if (cached?.key !== key) {
    // Interactive check: fail fast rather than keep the requester waiting on retries.
    cached = { key, port: createGitLabAdapter({ host, token, retry: { maxRetries: 1, maxRetryAfterSeconds: 2, backoffMs: 200 }, timeoutMs: 5_000 }) };
  }
  return { host, port: cached.port };
}

/**
 * Why `path` is not a group/project on the connected GitLab, or null when it is (or when no
 * GitLab is configured: the form then checks only GitLab's naming rules).
 */
export async function gitlabPathProblem(scope: "group" | "project", path: string): Promise<string | null> {
  const gitlab = connectedGitLab();
  if (!gitlab) return null;
  try {
    if (scope === "group") await gitlab.port.getGroup(path);
    else await gitlab.port.getProject(path);
    return null;
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") return `${gitlab.host} has no ${scope} ${path} (or trustmap's token cannot see it).`;
    if (isAppError(e) && (e.code === "FORBIDDEN" || e.code === "UNAUTHENTICATED")) return `trustmap's GitLab token may not read ${scope} ${path}.`;
    return `Could not check ${path} on ${gitlab.host} right now; try again.`;
  }
}
