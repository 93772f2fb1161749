/** The `:id` of a route as a project or group: numeric id or URL-encoded full path, else GitLab's 404. */
import { notFound, type Ctx } from "./http";
import type { FakeGroup, FakeProject } from "./state";

export function projectOr404(ctx: Ctx): FakeProject {
  const p = ctx.state.findProject(ctx.params.id ?? "");
  if (!p) throw notFound("Project");
  return p;
}

export function groupOr404(ctx: Ctx): FakeGroup {
  const g = ctx.state.findGroup(ctx.params.id ?? "");
  if (!g) throw notFound("Group");
  return g;
}
