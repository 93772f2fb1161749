/** The authenticated user (users.md, "Get the current user"); what Auth.js reads after sign-in. */
import { requireUser } from "../auth";
import { userJson } from "../present";
import { json, route, type Route } from "../router";

export const userRoutes: Route[] = [route("GET", "/api/v4/user", (ctx) => json(userJson(requireUser(ctx), ctx.origin)))];
