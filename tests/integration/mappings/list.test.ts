/**
 * The mappings list sorted on the server by each column (with a stable tie-breaker, so no row is
 * skipped or repeated across pages) and clamped to its last page.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/prisma";
import { listMappings, MAPPINGS_PAGE_SIZE } from "@/lib/mappings/service";
import { MAPPING_SORT_KEYS, ZMappingFilters } from "@/lib/schemas/requests";
import { useFreshDatabase } from "../../support/db";
import { seedWorkflow } from "../workflow/fixtures";

let db: Db;
let w: Awaited<ReturnType<typeof seedWorkflow>>;
const COUNT = 2 * MAPPINGS_PAGE_SIZE + 7;

beforeAll(async () => {
  ({ db } = await useFreshDatabase());
  w = await seedWorkflow(db);
  const statuses = ["requested", "approved", "rejected", "revoked", "expired", "withdrawn"] as const;
  const t0 = Date.UTC(2026, 0, 1);
  // Many equal values per column (statuses, roles, requesters, a shared timestamp): the tie-breaker has work to do.
  await db.mapping.createMany({
    data: Array.from({ length: COUNT }, (_, i) => ({
      scope: "project" as const,
      gitlabPath: `grp${i % 5}/svc${i % 7}`,
      refType: "branch" as const,
      refPattern: "main",
      roleId: i % 2 === 0 ? w.staging.id : w.production.id,
      audience: "https://gitlab.com",
      status: statuses[i % statuses.length],
      decisionReason: ["rejected", "revoked"].includes(statuses[i % statuses.length]!) ? "sorting" : null,
      requesterId: i % 3 === 0 ? w.ria.id : w.avery.id,
      justification: "sorting",
      riskTier: i % 4 === 0 ? "high" : "normal",
      expiresAt: i % 3 === 0 ? null : new Date(t0 + 86_400_000 * (40 + (i % 9))),
      createdAt: new Date(t0 + 60_000 * Math.floor(i / 3)),
    })),
  });
});

async function everyPage(query: Record<string, string>) {
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const res = await listMappings(ZMappingFilters.parse({ ...query, page: String(page) }));
    ids.push(...res.rows.map((r) => r.id));
    if (page * MAPPINGS_PAGE_SIZE >= res.total) return { ids, rows: res };
  }
}

describe("listMappings sorting", () => {
  it.each(MAPPING_SORT_KEYS.flatMap((sort) => (["asc", "desc"] as const).map((dir) => [sort, dir] as const)))("by %s %s, every mapping exactly once across the pages", async (sort, dir) => {
    const { ids } = await everyPage({ sort, dir });
    expect(ids).toHaveLength(COUNT);
    expect(new Set(ids).size).toBe(COUNT);
  });

  it("orders by the column's value, in the direction asked", async () => {
    const value = async (sort: string, dir: string, of: (r: Awaited<ReturnType<typeof listMappings>>["rows"][number]) => string) =>
      (await listMappings(ZMappingFilters.parse({ sort, dir }))).rows.map(of);
    const sorted = (xs: string[], dir: "asc" | "desc") => [...xs].sort((a, b) => (dir === "asc" ? 1 : -1) * (a < b ? -1 : a > b ? 1 : 0));
    for (const dir of ["asc", "desc"] as const) {
      const requested = await value("requested", dir, (r) => r.createdAt);
      expect(requested).toEqual(sorted(requested, dir));
      const roles = await value("role", dir, (r) => r.role.name);
      expect(roles).toEqual(sorted(roles, dir));
      const requesters = await value("requester", dir, (r) => r.requester.username);
      expect(requesters).toEqual(sorted(requesters, dir));
    }
    // "Never" is the latest expiry: last going up, first going down.
    const expiresAsc = await value("expires", "asc", (r) => r.expiresAt ?? "never");
    expect(expiresAsc.filter((v) => v !== "never")).toEqual(sorted(expiresAsc.filter((v) => v !== "never"), "asc"));
    expect(expiresAsc[0]).not.toBe("never");
    const lastPage = await listMappings(ZMappingFilters.parse({ sort: "expires", dir: "asc", page: "99" }));
    expect(lastPage.rows.at(-1)?.expiresAt).toBeNull();
    expect((await value("expires", "desc", (r) => r.expiresAt ?? "never"))[0]).toBe("never");
    expect((await value("risk", "asc", (r) => r.riskTier))[0]).toBe("high");
  });

  it("combines with the role filter", async () => {
    const res = await listMappings(ZMappingFilters.parse({ roleId: w.production.id, sort: "path", dir: "asc" }));
    expect(res.total).toBe(Math.floor(COUNT / 2));
    expect(new Set(res.rows.map((r) => r.role.id))).toEqual(new Set([w.production.id]));
  });
});

describe("listMappings paging", () => {
  it("clamps a page past the end to the last page, and says which page it returned", async () => {
    const last = Math.ceil(COUNT / MAPPINGS_PAGE_SIZE);
    const res = await listMappings(ZMappingFilters.parse({ page: "99" }));
    expect(res).toMatchObject({ page: last, total: COUNT });
    expect(res.rows).toHaveLength(COUNT - (last - 1) * MAPPINGS_PAGE_SIZE);
    const empty = await listMappings(ZMappingFilters.parse({ page: "99", path: "no-such-path" }));
    expect(empty).toMatchObject({ page: 1, total: 0, rows: [] });
  });
});
