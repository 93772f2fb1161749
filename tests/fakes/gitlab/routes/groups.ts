/** Groups (groups.md): show, projects (with `include_subgroups`), subgroups, descendant groups. */
import { bool, paramError, str, type Ctx } from "../http";
import { groupOr404 } from "../lookup";
import { orderListing, paginate } from "../pagination";
import { groupJson, projectJson } from "../present";
import type { FakeGroup } from "../state";
import { json, route, type Reply, type Route } from "../router";
import { listProjects } from "./projects";

function isBelow(path: string, ancestor: string): boolean {
  return path.toLowerCase().startsWith(`${ancestor.toLowerCase()}/`);
}

/** Group listings default to `order_by=name`, ascending. */
function listGroups(ctx: Ctx, groups: FakeGroup[]): Reply {
  const search = str(ctx.input, "search")?.toLowerCase();
  const orderBy = str(ctx.input, "order_by") ?? "name";
  if (!["name", "path", "id", "similarity"].includes(orderBy)) throw paramError("order_by does not have a valid value");
  const desc = str(ctx.input, "sort") === "desc";
  const field = (g: FakeGroup): string | number => (orderBy === "path" ? g.fullPath : orderBy === "id" ? g.id : g.name);
  const matching = groups
    .filter((g) => !search || [g.name, g.path].some((s) => s.toLowerCase().includes(search)));
  const page = paginate(ctx, orderListing(matching, field, desc));
  return json(page.items.map((g) => groupJson(g, ctx.origin)), 200, page.headers);
}

function showGroup(ctx: Ctx): Reply {
  const g = groupOr404(ctx);
  const body: Record<string, unknown> = groupJson(g, ctx.origin);
  // GET /groups/:id embeds the group's own projects unless `with_projects=false`.
  if (bool(ctx.input, "with_projects") !== false) {
    body.projects = [...ctx.state.projects.values()].filter((p) => p.namespace.id === g.id).map((p) => projectJson(p, ctx.origin));
    body.shared_projects = [];
  }
  return json(body);
}

const allGroups = (ctx: Ctx) => [...ctx.state.groups.values()];

export const groupRoutes: Route[] = [
  route("GET", "/api/v4/groups", (ctx) => {
    const topLevelOnly = bool(ctx.input, "top_level_only") ?? false;
    return listGroups(ctx, allGroups(ctx).filter((g) => !topLevelOnly || g.parentId === null));
  }),
  route("GET", "/api/v4/groups/:id", showGroup),
  route("GET", "/api/v4/groups/:id/projects", (ctx) => {
    const g = groupOr404(ctx);
    const withSubgroups = bool(ctx.input, "include_subgroups") ?? false;
    // `with_shared` (default true) adds projects shared with the group; sharing is not modelled.
    const projects = [...ctx.state.projects.values()].filter(
      (p) => p.namespace.kind === "group" && (p.namespace.id === g.id || (withSubgroups && isBelow(p.namespace.fullPath, g.fullPath))),
    );
    return listProjects(ctx, projects);
  }),
  route("GET", "/api/v4/groups/:id/subgroups", (ctx) => {
    const g = groupOr404(ctx);
    return listGroups(ctx, allGroups(ctx).filter((x) => x.parentId === g.id));
  }),
  route("GET", "/api/v4/groups/:id/descendant_groups", (ctx) => {
    const g = groupOr404(ctx);
    return listGroups(ctx, allGroups(ctx).filter((x) => isBelow(x.fullPath, g.fullPath)));
  }),
];
