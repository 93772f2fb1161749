/** Projects (projects.md): show, edit `ci_id_token_sub_claim_components`, and listings. */
import { hasErrors } from "@/lib/sandbox/gitlab/rules/variables";
import { ALLOWED_SUB_CLAIM_COMPONENTS, validateSubClaimComponents } from "@/lib/sandbox/gitlab/rules/sub-claim";
import { bool, HttpError, paramError, str, type Ctx } from "../http";
import { projectOr404 } from "../lookup";
import { orderListing, paginate } from "../pagination";
import { projectJson } from "../present";
import type { FakeProject } from "../state";
import { json, route, type Reply, type Route } from "../router";

const PROJECT_ORDER = ["id", "name", "path", "created_at", "updated_at", "last_activity_at", "similarity"];

/** Filters, orders (default `created_at desc`, i.e. newest first) and paginates a project listing. */
export function listProjects(ctx: Ctx, projects: FakeProject[]): Reply {
  const search = str(ctx.input, "search")?.toLowerCase();
  const inNamespaces = bool(ctx.input, "search_namespaces") ?? false;
  const orderBy = str(ctx.input, "order_by") ?? "created_at";
  if (!PROJECT_ORDER.includes(orderBy)) throw paramError("order_by does not have a valid value");
  const desc = (str(ctx.input, "sort") ?? "desc") === "desc";
  const field = (p: FakeProject): string | number => (orderBy === "name" ? p.name : orderBy === "path" ? p.path : p.id);
  const matching = projects
    .filter((p) => !search || [p.name, p.path, ...(inNamespaces ? [p.fullPath] : [])].some((s) => s.toLowerCase().includes(search)));
  const page = paginate(ctx, orderListing(matching, field, desc));
  const simple = bool(ctx.input, "simple") ?? false;
  return json(page.items.map((p) => projectJson(p, ctx.origin, simple)), 200, page.headers);
}

function editProject(ctx: Ctx): Reply {
  const p = projectOr404(ctx);
  const components = ctx.input.ci_id_token_sub_claim_components;
  if (components !== undefined) {
    if (!Array.isArray(components) || components.some((c) => typeof c !== "string")) {
      throw paramError("ci_id_token_sub_claim_components is invalid");
    }
    const allowed = ctx.state.options.allowedSubClaimComponents ?? ALLOWED_SUB_CLAIM_COMPONENTS;
    const errors = validateSubClaimComponents(components as string[], allowed);
    if (hasErrors(errors)) throw new HttpError(400, { message: errors });
    p.subClaimComponents = [...(components as string[])];
  }
  const name = str(ctx.input, "name");
  if (name !== undefined) p.name = name;
  const defaultBranch = str(ctx.input, "default_branch");
  if (defaultBranch !== undefined) {
    if (!p.branches.includes(defaultBranch)) throw new HttpError(400, { message: { base: ["Could not change HEAD: branch does not exist"] } });
    p.defaultBranch = defaultBranch;
  }
  return json(projectJson(p, ctx.origin));
}

export const projectRoutes: Route[] = [
  // `membership`/`owned` are accepted but not modelled: every project is visible to every token.
  route("GET", "/api/v4/projects", (ctx) => listProjects(ctx, [...ctx.state.projects.values()])),
  route("GET", "/api/v4/projects/:id", (ctx) => json(projectJson(projectOr404(ctx), ctx.origin))),
  route("PUT", "/api/v4/projects/:id", editProject),
];
