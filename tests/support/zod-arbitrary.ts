/**
 * fast-check arbitraries derived from a zod schema, for fuzzing an edge: values that mostly have
 * the schema's shape (enums from the enum, numbers within bounds, strings matching the regex, ids
 * from a pool of real rows), so that many of them get past validation into the handler — where a
 * NUL, an unpaired surrogate or an out-of-range value used to reach PostgreSQL — and some of any
 * shape at all. Walks zod 4's public `_zod.def`.
 */
import fc from "fast-check";

type Def = Record<string, unknown> & { type: string };
type Check = { _zod: { def: Record<string, unknown> & { check: string } } };

const defOf = (schema: unknown): Def | null => ((schema as { _zod?: { def?: Def } })?._zod?.def ?? null);

/** Any UTF-16 code unit, lone surrogates and NUL included. */
const utf16Unit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

/** Text that broke trustmap before: NUL, unpaired surrogates, huge numbers, prototype keys. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("\u0000", "a\u0000b", "\ud800", "x\udc00y", "99999999999999999999999", "-271821-04-20", "__proto__", "constructor", "$1", "", " ", "a".repeat(3_000)),
  fc.string({ unit: utf16Unit, maxLength: 30 }),
);

/** `text` with a NUL or an unpaired surrogate put somewhere inside. */
function spoiled(text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(text, fc.nat(), fc.constantFrom("\u0000", "\ud800", "\udfff")).map(([t, at, bad]) => {
    const i = t.length === 0 ? 0 : at % t.length;
    return t.slice(0, i) + bad + t.slice(i + 1);
  });
}

/** Any JSON-ish value, hostile leaves and wrong types included. */
export const hostileAnything: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small" },
    hostileText,
    fc.constantFrom<unknown>(Number.MAX_VALUE, -1, 0, 2 ** 63, 1e-300, null, undefined, true, false, 10n ** 30n, new Date(8.64e15)),
    fc.integer(),
    fc.array(tie("v"), { maxLength: 3 }),
    fc.dictionary(hostileText, tie("v"), { maxKeys: 3 }),
  ),
})).v;

function checksOf(def: Def): Check["_zod"]["def"][] {
  return ((def.checks as Check[] | undefined) ?? []).map((c) => c._zod.def);
}

function stringArbitrary(def: Def, ids: readonly string[]): fc.Arbitrary<string> {
  const checks = checksOf(def);
  const min = Number(checks.find((c) => c.check === "min_length")?.minimum ?? 0);
  const max = Math.min(Number(checks.find((c) => c.check === "max_length")?.maximum ?? 60), 60);
  const pattern = checks.find((c) => c.check === "string_format" && c.format === "regex")?.pattern as RegExp | undefined;
  let plausible: fc.Arbitrary<string>;
  if (def.format === "uuid" || def.format === "guid") plausible = ids.length > 0 ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: fc.uuid() }) : fc.uuid();
  else if (def.format === "url") plausible = fc.oneof(fc.constant("https://gitlab.example.com"), fc.webUrl());
  else if (def.format === "datetime" || def.format === "date") plausible = fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
  else if (pattern) plausible = fc.stringMatching(pattern, { size: "small" });
  else plausible = fc.string({ minLength: min, maxLength: Math.max(min, max) });
  return fc.oneof({ weight: 4, arbitrary: plausible }, { weight: 3, arbitrary: spoiled(plausible) }, { weight: 1, arbitrary: hostileText });
}

function numberArbitrary(def: Def): fc.Arbitrary<number> {
  const checks = checksOf(def);
  const low = checks.find((c) => c.check === "greater_than")?.value as number | undefined;
  const high = checks.find((c) => c.check === "less_than")?.value as number | undefined;
  const min = Math.max(low ?? -1_000_000, -1_000_000);
  const max = Math.min(high ?? 1_000_000, 1_000_000);
  return fc.oneof(fc.integer({ min: Math.ceil(min), max: Math.floor(Math.max(min, max)) }), fc.constantFrom(Number.MAX_VALUE, -0, 2 ** 63, 0.5, min - 1, max + 1));
}

/**
 * An arbitrary for `schema`'s input side. `ids` are real row ids for uuid fields. Every level
 * sometimes yields a value of any type instead, so wrong types are fuzzed too.
 */
export function arbitraryFor(schema: unknown, ids: readonly string[] = [], depth = 0): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const shaped = def && depth < 8 ? shapedFor(def, ids, depth) : null;
  return shaped ? fc.oneof({ weight: 8, arbitrary: shaped }, { weight: 1, arbitrary: hostileAnything }) : hostileAnything;
}

function shapedFor(def: Def, ids: readonly string[], depth: number): fc.Arbitrary<unknown> | null {
  const inner = (s: unknown) => arbitraryFor(s, ids, depth + 1);
  switch (def.type) {
    case "object": {
      const shape = def.shape as Record<string, unknown>;
      return fc.record(Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, inner(v)])));
    }
    case "string":
      return stringArbitrary(def, ids);
    case "number":
      return numberArbitrary(def);
    case "boolean":
      return fc.boolean();
    case "enum":
      return fc.constantFrom(...Object.values(def.entries as Record<string, string>));
    case "literal":
      return fc.constantFrom(...(def.values as unknown[]));
    case "nullable":
      return fc.oneof(fc.constant(null), inner(def.innerType));
    case "optional":
    case "default":
    case "prefault":
      return fc.oneof(fc.constant(undefined), inner(def.innerType));
    case "catch":
    case "readonly":
    case "nonoptional":
      return inner(def.innerType);
    case "pipe":
      return inner(def.in);
    case "union":
      return fc.oneof(...(def.options as unknown[]).map(inner));
    case "array":
      return fc.array(inner(def.element), { maxLength: 4 });
    case "record":
      return fc.dictionary(hostileText, inner(def.valueType), { maxKeys: 4 });
    default:
      return null;
  }
}
