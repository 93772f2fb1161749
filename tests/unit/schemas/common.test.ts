import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { z } from "zod";
import {
  MAX_JSON_DEPTH,
  bigintId,
  jsonNestingExceeds,
  jsonProblem,
  jsonValue,
  parseJsonText,
  queryDate,
  queryInt,
  safeText,
  textProblem,
} from "@/lib/schemas/common";

/** Any UTF-16 code unit, lone surrogates and NUL included (cheaper than fast-check's "binary" unit). */
const utf16Unit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const nested = (depth: number, open = "[", close = "]") => open.repeat(depth) + close.repeat(depth);
const nestedValue = (depth: number): unknown => {
  let v: unknown = "leaf";
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { k: v };
  return v;
};

describe("safe text", () => {
  it.each([
    ["a NUL character, which PostgreSQL refuses in text", "a\u0000b", /NUL/],
    ["a lone high surrogate", "a\ud800b", /unpaired surrogate/],
    ["a lone low surrogate", "\udc00", /unpaired surrogate/],
    ["a high surrogate at the end", "abc\ud83d", /unpaired surrogate/],
  ])("refuses %s", (_why, value, message) => {
    expect(textProblem(value)).toMatch(message);
    expect(safeText().safeParse(value).error?.issues[0]?.message).toMatch(message);
  });

  it("accepts any well-formed text, astral characters included", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (value) => {
        fc.pre(!value.includes("\u0000"));
        expect(textProblem(value)).toBeNull();
      }),
    );
    expect(textProblem("deploy 🚀 ünïcode\ttab\nline")).toBeNull();
  });

  it("agrees with String#isWellFormed on arbitrary UTF-16", () => {
    fc.assert(
      fc.property(fc.string({ unit: utf16Unit }), (value) => {
        const wellFormed = (value as unknown as { isWellFormed: () => boolean }).isWellFormed();
        expect(textProblem(value) === null).toBe(wellFormed && !value.includes("\u0000"));
      }),
    );
  });

  it("still chains like a zod string", () => {
    const name = safeText().trim().min(1).max(3);
    expect(name.parse("  ab ")).toBe("ab");
    expect(name.safeParse("abcd").success).toBe(false);
    expect(name.safeParse("a\u0000").success).toBe(false);
  });
});

describe("numbers and ids in range", () => {
  it("a bigint cursor never exceeds PostgreSQL's bigint (the audit page's ?before= overflowed into a 500)", () => {
    expect(bigintId().safeParse("9223372036854775807").success).toBe(true);
    expect(bigintId().safeParse("9223372036854775808").success).toBe(false);
    expect(bigintId().safeParse("99999999999999999999999").success).toBe(false);
    expect(bigintId().safeParse("-1").success).toBe(false);
    expect(bigintId().safeParse("1e5").success).toBe(false);
  });

  it("a query integer is digits within its bounds", () => {
    const page = queryInt(1, 100_000);
    expect(page.parse("42")).toBe(42);
    for (const bad of ["0", "100001", "1e3", "-1", "1.5", "", "999999999999999999999"]) expect(page.safeParse(bad).success, bad).toBe(false);
  });

  it("a query date is a real date PostgreSQL can store", () => {
    expect(queryDate().parse("2026-01-31")).toEqual(new Date("2026-01-31T00:00:00.000Z"));
    expect(queryDate(true).parse("2026-01-31")).toEqual(new Date("2026-01-31T23:59:59.999Z"));
    expect(queryDate().parse("")).toBeUndefined();
    for (const bad of ["-271821-04-20", "+275760-09-13", "2026-13-01", "yesterday", "0000-01-01"]) expect(queryDate().safeParse(bad).success, bad).toBe(false);
  });
});

describe("JSON at the edge", () => {
  it(`refuses nesting deeper than ${MAX_JSON_DEPTH} levels, without recursion`, () => {
    expect(jsonProblem(nestedValue(MAX_JSON_DEPTH))).toBeNull();
    expect(jsonProblem(nestedValue(MAX_JSON_DEPTH + 1))?.message).toMatch(/deeper than 64/);
    expect(jsonProblem(nestedValue(200_000))?.message).toMatch(/deeper than 64/);
  });

  it("names where a NUL or lone surrogate is, in values and in keys", () => {
    expect(jsonProblem({ a: [1, { b: "x\u0000" }] })).toEqual({ path: ["a", 1, "b"], message: expect.stringMatching(/NUL/) });
    expect(jsonProblem({ a: { "k\ud800": 1 } })).toEqual({ path: ["a"], message: expect.stringMatching(/key .*unpaired surrogate/) });
    expect(jsonValue().safeParse({ ok: ["fine", 1, null, true] }).success).toBe(true);
  });

  it("refuses cycles and shared objects, which a server action's wire format can express", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(jsonProblem(cyclic)?.message).toMatch(/appears twice/);
    const shared = { x: 1 };
    expect(jsonProblem([shared, shared])?.message).toMatch(/appears twice/);
  });

  it("scans JSON text for depth exactly as parsing would nest it, skipping strings", () => {
    expect(jsonNestingExceeds(nested(64))).toBe(false);
    expect(jsonNestingExceeds(nested(65))).toBe(true);
    expect(jsonNestingExceeds(nested(65, "{\"a\":", "}"))).toBe(true);
    expect(jsonNestingExceeds(JSON.stringify({ s: "[".repeat(1000) + '\\"' + "{".repeat(100) }))).toBe(false);
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), (value) => {
        const depthOf = (v: unknown): number => (typeof v === "object" && v !== null ? 1 + Math.max(0, ...Object.values(v).map(depthOf)) : 0);
        const depth = depthOf(value);
        const text = JSON.stringify(value);
        expect(jsonNestingExceeds(text, depth)).toBe(false);
        if (depth > 0) expect(jsonNestingExceeds(text, depth - 1)).toBe(true);
      }),
    );
  });

  it("parses JSON text within the depth limit, or says why not", () => {
    expect(parseJsonText('{"a":[1]}')).toEqual({ ok: true, value: { a: [1] } });
    expect(parseJsonText(nested(10_000))).toEqual({ ok: false, reason: "depth", message: "nested deeper than 64 levels" });
    expect(parseJsonText("{nope")).toMatchObject({ ok: false, reason: "syntax" });
  });

  it("leaves non-JSON objects to the schema that reads them", () => {
    expect(jsonProblem({ at: new Date(0) })).toBeNull();
    expect(z.object({ at: z.date() }).safeParse({ at: new Date(0) }).success).toBe(true);
  });
});
