/**
 * Every input is read at its edge through the one helper for its kind, so the edge rules (size,
 * depth, NUL and unpaired surrogates, numbers in range) apply to a new page or route on its own.
 */
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

describe("edges read input through the shared helpers", () => {
  const pages = files(APP, (n) => n === "page.tsx");
  const routes = files(APP, (n) => n === "route.ts").filter((r) => !r.includes("[...nextauth]"));

  it("finds pages and routes", () => {
    expect(pages.length).toBeGreaterThan(5);
    expect(routes.length).toBeGreaterThan(5);
  });

  for (const p of pages) {
    const rel = path.relative(APP, p);
    const src = readFileSync(p, "utf8");
    if (!src.includes("searchParams")) continue;
    it(`${rel} reads its searchParams with readPageQuery`, () => {
      expect(src).toMatch(/readPageQuery\(/);
      expect(src).not.toMatch(/Object\.fromEntries\(/);
    });
  }

  for (const r of routes) {
    const rel = path.relative(APP, r);
    const src = readFileSync(r, "utf8");
    it(`${rel} reads its body with readJsonBody and its query with readQuery`, () => {
      expect(src).not.toMatch(/\breq(uest)?\.(json|text|formData|arrayBuffer|blob)\(/);
      expect(src).not.toMatch(/\.searchParams\b/);
    });
  }
});
