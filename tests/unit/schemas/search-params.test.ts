import { describe, expect, it } from "vitest";
import { z } from "zod";
import { firstValues, readPageQuery } from "@/lib/schemas/search-params";
import { ZAuditFilters } from "@/lib/schemas/audit";
import { ZMappingFilters } from "@/lib/schemas/requests";
import { ZWhoCanAssumeQuery } from "@/lib/schemas/access";

describe("a page's query", () => {
  it("takes the first value of a repeated parameter", () => {
    expect(firstValues({ a: ["1", "2"], b: "x", c: undefined })).toEqual({ a: "1", b: "x" });
    expect(firstValues(new URLSearchParams("a=1&a=2&b=x"))).toEqual({ a: "1", b: "x" });
  });

  it("keeps a parameter named __proto__ as data, never as the prototype", () => {
    const values = firstValues(new URLSearchParams("__proto__=x&constructor=y"));
    expect(Object.getPrototypeOf(values)).toBe(Object.prototype);
    expect(Object.keys(values)).toEqual(["__proto__", "constructor"]);
  });

  it("drops what its schema refuses and keeps the rest (the audit page 500ed on ?before=99999999999999999999999)", () => {
    const q = readPageQuery(ZAuditFilters, { actor: "ada", before: "99999999999999999999999", from: "not-a-date" });
    expect(q.data).toEqual({ actor: "ada", sort: "at", dir: "desc" });
    expect(q.dropped.sort()).toEqual(["before", "from"]);
    expect(q.values).toEqual({ actor: "ada" });
  });

  it("drops a value holding a NUL or a lone surrogate before any schema sees it (a NUL reached PostgreSQL: 500)", () => {
    const q = readPageQuery(ZMappingFilters, { path: "web\u0000", status: "approved", risk: "\ud800" });
    expect(q.data).toEqual({ status: "approved", page: 1, sort: "requested", dir: "desc" });
    expect(q.dropped.sort()).toEqual(["path", "risk"]);
  });

  it("answers null when a required parameter is missing or bad, so the page shows its form", () => {
    expect(readPageQuery(ZWhoCanAssumeQuery, { show: "managed" }).data).toBeNull();
    expect(readPageQuery(ZWhoCanAssumeQuery, { roleId: "nope", show: "bogus" })).toMatchObject({ data: null });
    const ok = readPageQuery(ZWhoCanAssumeQuery, { roleId: "7f0c4a52-3b8e-4d6c-9a51-2f1d0e9b8c7a", show: "bogus" });
    expect(ok.data).toMatchObject({ show: "all" });
  });

  it("never throws, whatever the query", () => {
    const schema = z.object({ n: z.coerce.number().int().max(10) });
    for (const n of ["1e999", "", "NaN", "-0", "9".repeat(400)]) expect(() => readPageQuery(schema, { n })).not.toThrow();
  });
});
