/**
 * API authentication as GitLab: a `PRIVATE-TOKEN` header or `Authorization: Bearer`. Scopes:
 * `api` allows everything, `read_api` only reads, `read_user` only GET /user.
 */
import { HttpError, type Ctx } from "./http";

const UNAUTHORIZED = new HttpError(401, { message: "401 Unauthorized" });

function presentedToken(ctx: Ctx): string | undefined {
  const privateToken = ctx.req.headers["private-token"];
  if (typeof privateToken === "string" && privateToken !== "") return privateToken;
  const auth = ctx.req.headers.authorization ?? "";
  return auth.toLowerCase().startsWith("bearer ") ? auth.slice(7).trim() : undefined;
}

function scopeAllows(scopes: string[], method: string, path: string): boolean {
  if (scopes.includes("api")) return true;
  if (scopes.includes("read_api") && method === "GET") return true;
  return scopes.includes("read_user") && method === "GET" && path === "/api/v4/user";
}

/** Sets `ctx.user` and `ctx.token`, or throws GitLab's 401/403. */
export function authenticate(ctx: Ctx): void {
  const value = presentedToken(ctx);
  const token = value === undefined ? undefined : ctx.state.tokens.get(value);
  const user = token ? ctx.state.users.get(token.userId) : undefined;
  if (!token || !user) throw UNAUTHORIZED;
  if (token.expiresAt !== undefined && token.expiresAt <= Date.now()) {
    throw new HttpError(401, {
      error: "invalid_token",
      error_description: "Token is expired. You can either do re-authorization or token refresh.",
    });
  }
  if (!scopeAllows(token.scopes, ctx.method, ctx.url.pathname)) {
    throw new HttpError(403, {
      error: "insufficient_scope",
      error_description: "The request requires higher privileges than provided by the access token.",
      scope: "api read_api",
    });
  }
  ctx.token = token;
  ctx.user = user;
}

export function requireUser(ctx: Ctx) {
  if (!ctx.user) throw UNAUTHORIZED;
  return ctx.user;
}
