/** Branches (branches.md), protected branches (protected_branches.md) and protected tags (protected_tags.md). */
import { branchSearchMatches } from "@/lib/sandbox/gitlab/rules/branch-search";
import { notFound, str } from "../http";
import { projectOr404 } from "../lookup";
import { paginate } from "../pagination";
import { branchJson, protectedBranchJson, protectedTagJson } from "../present";
import { json, route, type Route } from "../router";

export const repositoryRoutes: Route[] = [
  route("GET", "/api/v4/projects/:id/repository/branches", (ctx) => {
    const p = projectOr404(ctx);
    const search = str(ctx.input, "search");
    const regex = str(ctx.input, "regex");
    const names = [...p.branches]
      .sort()
      .filter((n) => !search || branchSearchMatches(n, search))
      .filter((n) => !regex || new RegExp(regex).test(n));
    const page = paginate(ctx, names);
    return json(page.items.map((n) => branchJson(p, n, ctx.origin)), 200, page.headers);
  }),
  route("GET", "/api/v4/projects/:id/repository/branches/:branch", (ctx) => {
    const p = projectOr404(ctx);
    const name = ctx.params.branch ?? "";
    if (!p.branches.includes(name)) throw notFound("Branch");
    return json(branchJson(p, name, ctx.origin));
  }),
  // Wildcard rules are listed as defined (`release/*`), not expanded to matching branches.
  route("GET", "/api/v4/projects/:id/protected_branches", (ctx) => {
    const p = projectOr404(ctx);
    const search = str(ctx.input, "search")?.toLowerCase();
    const page = paginate(ctx, p.protectedBranches.filter((b) => !search || b.name.toLowerCase().includes(search)));
    return json(page.items.map((b) => protectedBranchJson(ctx.state, b)), 200, page.headers);
  }),
  // Listed as defined, wildcards (`v*`) not expanded; paginated with `page` and `per_page`.
  route("GET", "/api/v4/projects/:id/protected_tags", (ctx) => {
    const p = projectOr404(ctx);
    const page = paginate(ctx, p.protectedTags);
    return json(page.items.map((t) => protectedTagJson(ctx.state, t)), 200, page.headers);
  }),
];
