import "server-only";
import { config } from "@/lib/config";
import { connectGitLab } from "@/lib/gitlab/connection";
import { isAppError } from "@/lib/errors";

/**
 * Why `path` is not a group/project on the connected GitLab, or null when it is (or when no
 * GitLab is configured: the form then checks only GitLab's naming rules).
 */
export async function gitlabPathProblem(scope: "group" | "project", path: string): Promise<string | null> {
  const port = connectGitLab("interactive");
  if (!port) return null;
  const gitlab = { host: config().gitlab.url };
  try {
    if (scope === "group") await port.getGroup(path);
    else await port.getProject(path);
    return null;
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") return `${gitlab.host} has no ${scope} ${path} (or trustmap's token cannot see it).`;
    if (isAppError(e) && (e.code === "FORBIDDEN" || e.code === "UNAUTHENTICATED")) return `trustmap's GitLab token may not read ${scope} ${path}.`;
    return `Could not check ${path} on ${gitlab.host} right now; try again.`;
  }
}
