/**
 * Test-control endpoints (not GitLab's API, like moto's /moto-api): let a test running in another
 * process, such as a Playwright spec, seed the fake. No token needed; the fake only listens on
 * loopback.
 */
import { HttpError, str } from "../http";
import { json, route, type Route } from "../router";

export const controlRoutes: Route[] = [
  route(
    "POST",
    "/-/fake/projects",
    (ctx) => {
      const path = str(ctx.input, "path");
      if (!path) throw new HttpError(400, { message: "path is required" });
      const existing = ctx.state.findProject(path);
      const project = existing ?? ctx.state.addProject(path, { defaultBranch: str(ctx.input, "default_branch") ?? "main" });
      return json({ id: project.id, path_with_namespace: path }, existing ? 200 : 201);
    },
    false,
  ),
  route(
    "POST",
    "/-/fake/groups",
    (ctx) => {
      const path = str(ctx.input, "path");
      if (!path) throw new HttpError(400, { message: "path is required" });
      const existing = ctx.state.findGroup(path);
      const group = existing ?? ctx.state.addGroup(path);
      return json({ id: group.id, full_path: path }, existing ? 200 : 201);
    },
    false,
  ),
];
