/**
 * Members (members.md): `GET /{projects,groups}/:id/members` lists direct members only;
 * `/members/all` adds members inherited from ancestor groups and, for a project, the members of
 * groups it is shared with, each user once at their effective (highest) level. Paginated;
 * `query` filters by name or username (substring, case-insensitive).
 */
import { str, type Ctx } from "../http";
import { groupOr404, projectOr404 } from "../lookup";
import { paginate } from "../pagination";
import { memberJson } from "../present";
import { groupMembersAll, projectMembersAll } from "../rules/members";
import type { FakeMembership } from "../state";
import { json, route, type Reply, type Route } from "../router";

function listMembers(ctx: Ctx, memberships: FakeMembership[]): Reply {
  const query = str(ctx.input, "query")?.toLowerCase();
  const rows = [...memberships]
    .sort((a, b) => a.userId - b.userId)
    .flatMap((m) => {
      const user = ctx.state.users.get(m.userId);
      return user ? [{ user, m }] : [];
    })
    .filter(({ user }) => !query || user.username.toLowerCase().includes(query) || user.name.toLowerCase().includes(query));
  const page = paginate(ctx, rows);
  return json(page.items.map(({ user, m }) => memberJson(user, m, ctx.origin)), 200, page.headers);
}

export const memberRoutes: Route[] = [
  route("GET", "/api/v4/projects/:id/members", (ctx) => listMembers(ctx, projectOr404(ctx).members)),
  route("GET", "/api/v4/projects/:id/members/all", (ctx) => listMembers(ctx, projectMembersAll(ctx.state, projectOr404(ctx)))),
  route("GET", "/api/v4/groups/:id/members", (ctx) => listMembers(ctx, groupOr404(ctx).members)),
  route("GET", "/api/v4/groups/:id/members/all", (ctx) => listMembers(ctx, groupMembersAll(ctx.state, groupOr404(ctx)))),
];
