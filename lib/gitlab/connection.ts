/**
 * The GitLab trustmap is connected to: GITLAB_URL with GITLAB_TOKEN (lib/config.ts); in demo mode
 * without a token, the built-in sandbox GitLab (lib/sandbox), so the demo reconciles and scans
 * with no GitLab at all; otherwise none. A real token always replaces the sandbox. The one place
 * that turns configuration into a GitLab port; callers say what the port is for, which decides
 * how patient it is.
 */
import "server-only";
import { config, type Config } from "@/lib/config";
import type { Db } from "@/lib/db/prisma";
import { sandboxGitLab } from "@/lib/sandbox/service";
import { createGitLabAdapter, type GitLabAdapter } from "./adapter";
import { FACTS_REQUESTS_PER_MINUTE } from "./limits";

export interface GitLabConnection {
  /** Base URL without trailing slash. */
  url: string;
  token: string;
}

/** GITLAB_URL + GITLAB_TOKEN, or null when no API token is configured. */
export function gitlabConnection(cfg: Config = config()): GitLabConnection | null {
  return cfg.gitlab.token ? { url: cfg.gitlab.url, token: cfg.gitlab.token } : null;
}

/**
 * Which GitLab the API calls go to: the real one (`api`), the built-in sandbox (`sandbox`: demo
 * mode and no GITLAB_TOKEN; it stands in for GITLAB_URL), or none (null). Pages use it to say so.
 */
export type GitLabSource = { kind: "api"; url: string } | { kind: "sandbox"; url: string } | null;

export function gitlabSource(cfg: Config = config()): GitLabSource {
  if (gitlabConnection(cfg)) return { kind: "api", url: cfg.gitlab.url };
  return cfg.demo ? { kind: "sandbox", url: cfg.gitlab.url } : null;
}

/**
 * - `interactive`: a person waits (the request form's path check): fail fast rather than keep
 *   them waiting on retries.
 * - `background`: reconcile runs, scans, scheduled jobs: the adapter's default, patient retries.
 * - `facts`: GitLab facts refreshes (lib/gitlab-facts), many small jobs in one process: patient
 *   retries and one shared client-side budget of FACTS_REQUESTS_PER_MINUTE, so they leave the
 *   token's allowance (2,000 a minute on gitlab.com) to reconcile runs.
 */
export type GitLabUse = "interactive" | "background" | "facts";

let interactive: { key: string; port: GitLabAdapter } | null = null;
let facts: { key: string; port: GitLabAdapter } | null = null;

/**
 * A GitLab port for `use`, or null when no GitLab is connected. The interactive and facts ports
 * are kept per process; a background port is made per run (its request count is that run's). The
 * sandbox's state is read through `db` (default: the app's client), so a worker passes its own.
 */
export function connectGitLab(use: GitLabUse, cfg: Config = config(), db?: Db): GitLabAdapter | null {
  const c = gitlabConnection(cfg);
  if (!c) return gitlabSource(cfg)?.kind === "sandbox" ? sandboxGitLab(db) : null;
  // A background create whose answer was lost is retried and read back (lib/gitlab/adapter.ts).
  if (use === "background") return createGitLabAdapter({ host: c.url, token: c.token, retry: { retryCreates: true } });
  const key = `${c.url}\n${c.token}`;
  if (use === "facts") {
    if (facts?.key !== key) facts = { key, port: createGitLabAdapter({ host: c.url, token: c.token, requestsPerMinute: FACTS_REQUESTS_PER_MINUTE }) };
    return facts.port;
  }
  if (interactive?.key !== key) {
    interactive = { key, port: createGitLabAdapter({ host: c.url, token: c.token, retry: { maxRetries: 1, maxRetryAfterSeconds: 2, backoffMs: 200 }, timeoutMs: 5_000 }) };
  }
  return interactive.port;
}
