import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const APP = path.resolve(import.meta.dirname, "../../../app");

function files(dir: string, match: (name: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p, match) : match(name) ? [p] : [];
  });
}

// The sign-in page, Auth.js' own endpoints and the load balancers' health check (ok/failing per
// dependency, nothing else; tests/integration/health) are the only things reachable without a permission.
const PUBLIC = new Set(["signin/page.tsx", "api/auth/[...nextauth]/route.ts", "api/health/route.ts"]);

describe("every page and route handler authorizes through the rule table", () => {
  const pages = files(APP, (n) => n === "page.tsx");
  const routes = files(APP, (n) => n === "route.ts");

  it("finds pages and routes", () => {
    expect(pages.length).toBeGreaterThan(5);
    expect(routes.length).toBeGreaterThan(0);
  });

  for (const p of pages) {
    const rel = path.relative(APP, p);
    if (PUBLIC.has(rel)) continue;
    it(`${rel} calls requirePage with the page's own path`, () => {
      const src = readFileSync(p, "utf8");
      expect(src).toMatch(/await requirePage\("[a-z]+\.[a-z]+", ["`]\//);
    });
    if (rel.includes("[")) {
      it(`${rel} encodes its path parameters in the path it may audit (a raw NUL must not reach PostgreSQL)`, () => {
        const src = readFileSync(p, "utf8");
        const where = src.match(/await requirePage\("[a-z]+\.[a-z]+", `([^`]*)`/)?.[1] ?? "";
        const interpolated = [...where.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1]);
        expect(interpolated.length, where).toBeGreaterThan(0);
        for (const expr of interpolated) expect(expr, where).toMatch(/^encodeURIComponent\(\w+\)$/);
      });
    }
  }

  for (const r of routes) {
    const rel = path.relative(APP, r);
    if (PUBLIC.has(rel)) continue;
    it(`${rel} wraps every handler in withPermission`, () => {
      const src = readFileSync(r, "utf8");
      const handlers = [...src.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\s*=\s*(\w+)/g)];
      expect(handlers.length).toBeGreaterThan(0);
      for (const h of handlers) expect(h[2]).toBe("withPermission");
      expect(src).not.toMatch(/export (async )?function (GET|POST|PUT|PATCH|DELETE)/);
      // Each names its rule-table action; ownership goes through the wrapper's resource hook, never a second check by hand.
      const wrapped = [...src.matchAll(/export const (?:GET|POST|PUT|PATCH|DELETE)\s*=\s*withPermission\(\s*\{\s*action: "[a-z]+\.[a-z]+"/g)];
      expect(wrapped).toHaveLength(handlers.length);
      expect(src).not.toMatch(/authorizeOrThrow|requirePage/);
    });
  }
});
