import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { NumberedPager } from "@/components/ui/pager";
import { SortableTHead, sortHref } from "@/components/ui/sort-header";
import { sortRows } from "@/lib/access/order";
import { lastPage, pagePosition } from "@/lib/paging";
import { ZWhatCanAssumeQuery, ZWhoCanAssumeQuery } from "@/lib/schemas/access";
import { ZAuditFilters } from "@/lib/schemas/audit";
import { ZMappingFilters } from "@/lib/schemas/requests";

// Server-rendered markup, as a keyboard or screen-reader user first gets it.
const columns = [{ label: "Path", key: "path" }, { label: "Approvers" }, { label: "Requested", key: "requested", first: "desc" as const }];

describe("SortableTHead", () => {
  const html = renderToStaticMarkup(h("table", null, h(SortableTHead, { columns, sort: "requested", dir: "desc", basePath: "/mappings", params: { status: "approved", page: "4", sort: "requested", dir: "desc" } })));

  it("marks only the sorted column with aria-sort", () => {
    expect(html.match(/aria-sort="[a-z]+"/g)).toEqual(['aria-sort="descending"']);
    expect(html).toMatch(/<th scope="col" aria-sort="descending"[^>]*><a [^>]*href="\/mappings\?status=approved&amp;sort=requested&amp;dir=asc"/);
  });

  it("makes each sortable header a link (keyboard-usable) to the next order, from the first page, and leaves the others plain", () => {
    expect(html).toContain('href="/mappings?status=approved&amp;sort=path&amp;dir=asc"');
    expect(html).toContain("<span class=\"sr-only\">, sort ascending</span>");
    expect(html).toMatch(/<th scope="col" class="[^"]*">Approvers<\/th>/);
    expect(html).not.toContain("page=4");
  });
});

describe("sortHref", () => {
  it("keeps the filters, replaces the order and drops the position (page or cursor)", () => {
    expect(sortHref("/audit", { actor: "ria", before: "120", sort: "at" }, "actor", "asc", ["before"])).toBe("/audit?actor=ria&sort=actor&dir=asc");
  });
});

describe("pages clamp", () => {
  it.each([
    [99, 1, 50, { page: 1, pages: 1 }],
    [99, 0, 50, { page: 1, pages: 1 }],
    [3, 120, 50, { page: 3, pages: 3 }],
    [4, 120, 50, { page: 3, pages: 3 }],
    [0, 120, 50, { page: 1, pages: 3 }],
  ])("page %i of %i rows by %i → %j", (page, total, size, expected) => {
    expect(pagePosition(page, total, size)).toEqual(expected);
    expect(lastPage(total, size)).toBe(expected.pages);
  });

  it("the pager never shows an impossible position", () => {
    const html = renderToStaticMarkup(h(NumberedPager, { page: 99, pageSize: 50, total: 1, noun: "mappings", basePath: "/mappings", params: {} }));
    expect(html).toContain("Page 1 of 1 · 1 mappings");
    expect(html).not.toContain("href");
  });
});

describe("sort parameters are whitelisted", () => {
  it.each([
    ["mappings", ZMappingFilters, { sort: "role", dir: "asc" }, { sort: "role", dir: "asc" }],
    ["mappings, unknown column", ZMappingFilters, { sort: "justification; drop table", dir: "sideways" }, { sort: "requested", dir: "desc" }],
    ["audit", ZAuditFilters, { sort: "actor", dir: "asc" }, { sort: "actor", dir: "asc" }],
    ["audit, unknown column", ZAuditFilters, { sort: "data" }, { sort: "at", dir: "desc" }],
    ["who can assume", ZWhoCanAssumeQuery, { roleId: "00000000-0000-4000-8000-000000000000", sort: "state" }, { sort: "state", dir: "asc" }],
    ["what can assume", ZWhatCanAssumeQuery, { project: "a/b", ref: "main", sort: "audience", dir: "desc" }, { sort: "audience", dir: "desc" }],
  ] as const)("%s", (_name, schema, input, expected) => {
    expect((schema as typeof ZMappingFilters).parse(input)).toMatchObject(expected);
  });
});

describe("sortRows", () => {
  const rows = [{ n: "b", i: 1 }, { n: "a", i: 2 }, { n: "b", i: 3 }, { n: "C", i: 4 }];
  it("sorts by the value either way and keeps ties in their order", () => {
    expect(sortRows(rows, (r) => r.n, "asc").map((r) => r.i)).toEqual([2, 1, 3, 4]);
    expect(sortRows(rows, (r) => r.n, "desc").map((r) => r.i)).toEqual([4, 1, 3, 2]);
    expect(sortRows(rows, () => 0, "desc").map((r) => r.i)).toEqual([1, 2, 3, 4]);
  });
});
