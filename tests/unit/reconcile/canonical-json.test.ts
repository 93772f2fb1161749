/**
 * canonicalJson is a faster canonicalize: the same string, or the same error, for any value.
 */
import canonicalize from "canonicalize";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "@/lib/reconcile/canonical-json";

function outcome(f: () => string | undefined): { value: string | undefined } | { error: string } {
  try {
    return { value: f() };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

function same(value: unknown): void {
  expect(outcome(() => canonicalJson(value))).toEqual(outcome(() => canonicalize(value)));
}

// Keys and strings that stress the ordering and escaping: non-ASCII, astral, integer-like, control
// characters, lone surrogates, an escaped-looking backslash, names of Object.prototype.
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.string({ unit: "binary" }),
  fc.constantFrom("", "10", "9", "a", "B", "é", "😀", "\u0001", "\ud800", "a\udfff", "\\ud800", "__proto__", "toString", "constructor"),
);

describe("canonicalJson", () => {
  it("equals canonicalize on JSON values", () => {
    fc.assert(fc.property(fc.jsonValue(), same), { numRuns: 2000 });
  });

  it("equals canonicalize on objects with awkward keys and strings", () => {
    const leaf = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined));
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("node"), { maxLength: 4 }), fc.dictionary(text, tie("node"), { maxKeys: 5 })),
    })).node;
    fc.assert(fc.property(tree, same), { numRuns: 2000 });
  });

  it("equals canonicalize (or throws the same error) on values canonicalize treats specially", () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const shared = { x: 1 };
    const values: unknown[] = [
      { s: "lone \ud800 surrogate" },
      { ["\udc00"]: 1 },
      { s: "\\ud800 is text here" },
      [1, undefined, () => 1, Symbol("s")],
      { a: undefined, b: () => 1, c: Symbol("s"), d: 2 },
      { n: NaN },
      { n: Infinity },
      { n: -0, m: 1e21, k: 5e-7 },
      { d: new Date(0) },
      { t: { toJSON: () => ({ z: 1, a: 2 }) } },
      { b: Object(1), s: Object("x") },
      JSON.parse('{"__proto__": {"a": 1}, "b": 2}'),
      Object.assign(Object.create(null), { b: 1, a: 2 }),
      [shared, shared, { y: shared }],
      cyclic,
      [],
      {},
      "top",
      5,
      null,
      undefined,
    ];
    for (const value of values) same(value);
  });
});
