/** A tiny router: `/api/v4/projects/:id/variables/:key`, matched segment by segment so an encoded `%2F` stays inside one parameter. */
import type { Ctx } from "./http";

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

export interface Route {
  method: string;
  parts: string[];
  handler: Handler;
  /** API routes need a token; OAuth endpoints do not. */
  auth: boolean;
}

export function route(method: string, path: string, handler: Handler, auth = true): Route {
  return { method, parts: path.split("/").filter(Boolean), handler, auth };
}

export function matchRoute(routes: Route[], method: string, rawPath: string): { route: Route; params: Record<string, string> } | undefined {
  const segments = rawPath.split("/").filter(Boolean).map(decodeURIComponent);
  for (const r of routes) {
    if (r.method !== method || r.parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const ok = r.parts.every((part, i) => {
      const seg = segments[i] ?? "";
      if (part.startsWith(":")) {
        params[part.slice(1)] = seg;
        return true;
      }
      return part === seg;
    });
    if (ok) return { route: r, params };
  }
  return undefined;
}

export const json = (body: unknown, status = 200, headers?: Record<string, string>): Reply => ({ status, body, headers });
