import "server-only";
import { createGitLabAdapter } from "@/lib/gitlab/adapter";
import type { GitLabPort } from "@/lib/gitlab/port";

/** GitLab's API is connected when GITLAB_TOKEN is set (GITLAB_URL defaults to gitlab.com, as for sign-in). */
export function gitLabApiConnection(): { url: string; token: string } | null {
  const token = process.env.GITLAB_TOKEN;
  if (!token) return null;
  return { url: (process.env.GITLAB_URL || "https://gitlab.com").replace(/\/+$/, ""), token };
}

export function gitLabPortFromEnv(): GitLabPort | null {
  const c = gitLabApiConnection();
  return c ? createGitLabAdapter({ host: c.url, token: c.token }) : null;
}
