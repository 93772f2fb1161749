/**
 * What the edge specs drive, found from the file system so a new route, page or server action is
 * covered without touching the specs: every /api/v1 route handler with its methods, every page's
 * URL, every server action id of the running build (Next's server-reference manifest), and the
 * names of every query or body field the zod schemas know. Plus fast-check arbitraries for hostile
 * input.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";

export const ROOT = path.resolve(import.meta.dirname, "../..");
const APP = path.join(ROOT, "app");

function walk(dir: string, match: (name: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? walk(p, match) : match(name) ? [p] : [];
  });
}

/** `app/(app)/mappings/[id]/page.tsx` → ["mappings", "[id]"]: route groups dropped, dynamic segments kept. */
function segmentsOf(file: string): string[] {
  return path
    .relative(APP, path.dirname(file))
    .split(path.sep)
    .filter((s) => s !== "" && !(s.startsWith("(") && s.endsWith(")")));
}

export interface RouteTarget {
  file: string;
  segments: string[];
  methods: string[];
}

/** Every /api/v1 route handler and the HTTP methods it exports. */
export function apiRoutes(): RouteTarget[] {
  return walk(path.join(APP, "api", "v1"), (n) => n === "route.ts").map((file) => ({
    file: path.relative(ROOT, file),
    segments: segmentsOf(file),
    methods: [...readFileSync(file, "utf8").matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]!),
  }));
}

/** Every page (the sign-in page included). */
export function pages(): { file: string; segments: string[] }[] {
  return walk(APP, (n) => n === "page.tsx").map((file) => ({ file: path.relative(ROOT, file), segments: segmentsOf(file) }));
}

/** A URL path for `segments`, with each dynamic segment (`[id]`, `[...rest]`) replaced by `fill`. */
export function pathFor(segments: string[], fill: (name: string) => string): string {
  return "/" + segments.map((s) => (s.startsWith("[") ? fill(s.replace(/^\[+(\.\.\.)?|\]+$/g, "")) : s)).join("/");
}

/**
 * Server action ids of the build under test, from `.next/server/server-reference-manifest.json`
 * (`node[id]` holds the module and export of each action), with the export names, so a spec
 * can tell them apart. Every action is reachable from any page: Next looks the id up in the
 * manifest, so posting to `/` works for all of them.
 */
export function serverActions(): { id: string; name: string; file: string }[] {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, ".next/server/server-reference-manifest.json"), "utf8")) as {
    node?: Record<string, { exportedName?: string; filename?: string }>;
  };
  return Object.entries(manifest.node ?? {}).map(([id, entry]) => ({ id, name: entry.exportedName ?? "?", file: entry.filename ?? "?" }));
}

/** The field names of every zod object schema under lib/schemas (query parameters and body fields to aim at). */
export async function schemaFieldNames(): Promise<string[]> {
  const names = new Set<string>();
  const visit = (schema: unknown, depth: number): void => {
    if (depth > 6 || typeof schema !== "object" || schema === null) return;
    const s = schema as { shape?: Record<string, unknown>; _zod?: { def?: Record<string, unknown> } };
    if (s.shape && typeof s.shape === "object") {
      for (const [key, child] of Object.entries(s.shape)) {
        names.add(key);
        visit(child, depth + 1);
      }
    }
    const def = s._zod?.def;
    if (def) for (const inner of [def.in, def.out, def.schema, def.innerType, def.element]) visit(inner, depth + 1);
  };
  for (const file of walk(path.join(ROOT, "lib", "schemas"), (n) => n.endsWith(".ts"))) {
    const mod = (await import(file)) as Record<string, unknown>;
    for (const value of Object.values(mod)) visit(value, 0);
  }
  return [...names].sort();
}

/** Strings that broke trustmap before: NUL, unpaired surrogates, control characters, huge numbers, prototype keys, long text. */
export const hostileStrings: string[] = [
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udc00y",
  "\r\n",
  "\t",
  "99999999999999999999999",
  "9223372036854775808",
  "-1",
  "1e999",
  "NaN",
  "0",
  "__proto__",
  "constructor",
  "toString",
  "$1",
  "$@0",
  "'; drop table users; --",
  "../../etc/passwd",
  "%00",
  "%E0%A4%A",
  "ü€😀",
  "00000000-0000-0000-0000-000000000000",
  "-271821-04-20",
  "a".repeat(5_000),
];

/** Any UTF-16 code unit, lone surrogates and NUL included. */
const utf16Unit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...hostileStrings) },
  { weight: 2, arbitrary: fc.string({ unit: utf16Unit, maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
);

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(Number.MAX_VALUE, -Number.MAX_VALUE, Number.MAX_SAFE_INTEGER + 2, -0, 1e-300, 2 ** 63, 0.5),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** A value nested `depth` levels deep. */
export function nestedValue(depth: number): unknown {
  let v: unknown = "leaf";
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { k: v };
  return v;
}

/** JSON-able values with hostile leaves, wrong types and deep nesting, some of them shaped like the schemas' objects. */
export function hostileValue(fields: string[]): fc.Arbitrary<unknown> {
  const leaf: fc.Arbitrary<unknown> = fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null), fc.uuid());
  const tree = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaf,
      fc.array(tie("value"), { maxLength: 4 }),
      fc.dictionary(fc.oneof(fc.constantFrom(...fields), hostileString), tie("value"), { maxKeys: 5 }),
    ),
  })).value;
  return fc.oneof(
    { weight: 6, arbitrary: tree },
    { weight: 3, arbitrary: fc.dictionary(fc.constantFrom(...fields), leaf, { minKeys: 1, maxKeys: 8 }) },
    // Deeper than the edge allows, yet shallow enough for this test's own JSON.stringify (deeper bodies are sent as text).
    { weight: 1, arbitrary: fc.integer({ min: 65, max: 2_000 }).map(nestedValue) },
  );
}

/** A query string of known parameter names and hostile values, some repeated. */
export function hostileQuery(fields: string[]): fc.Arbitrary<string> {
  return fc
    .array(fc.tuple(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...fields) }, { weight: 1, arbitrary: hostileString }), fc.oneof(hostileString, fc.uuid())), { maxLength: 6 })
    .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(wellFormed(k))}=${encodeValue(v)}`).join("&"));
}

/** A path segment: hostile text, a uuid, or raw percent-encodings (invalid UTF-8, an encoded slash). */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  hostileString.map((s) => encodeValue(s)),
  fc.uuid(),
  fc.constantFrom("%ED%A0%80", "%FF", "%2F..%2F", "%5C", "%", "%zz", "."),
);

/** A URI component for any string: unpaired surrogates, which encodeURIComponent refuses, go as raw invalid UTF-8 bytes. */
export function encodeValue(s: string): string {
  let out = "";
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    out += ch.length === 1 && code >= 0xd800 && code <= 0xdfff ? "%ED%" + (0xa0 + ((code >> 6) & 0x1f)).toString(16).toUpperCase() + "%80" : encodeURIComponent(ch);
  }
  return out;
}

function wellFormed(s: string): string {
  return s.replace(/[\ud800-\udfff]/g, "\ufffd");
}

/**
 * A server action's arguments as React's encodeReply writes plain values (the body of a fetch
 * action, `text/plain`): a JSON array, where a string starting with `$` is escaped as `$$`.
 */
export function encodeReplyBody(args: unknown[]): string {
  const escape = (v: unknown): unknown => {
    if (typeof v === "string") return v.startsWith("$") ? "$" + v : v;
    if (Array.isArray(v)) return v.map(escape);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, escape(x)]));
    return v;
  };
  return JSON.stringify(escape(args));
}

/**
 * Runs per target: few in the suite (a fixed seed; every route, page and action is a target, so
 * the whole spec stays near a minute), more locally with FUZZ_RUNS (and FUZZ_SEED).
 */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 6);
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_261_101);
