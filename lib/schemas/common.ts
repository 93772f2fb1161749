/**
 * The building blocks every edge schema is made of, so that no input can make trustmap answer
 * with a 5xx: text that PostgreSQL and JSON can hold, numbers inside the database's range, JSON
 * no deeper than a sane document. Pure (zod only): routes, server actions and pages apply them
 * through readJsonBody / readQuery (lib/auth/with-permission.ts), defineAction and
 * readPageQuery (./search-params.ts).
 */
import { z } from "zod";

/** Deepest JSON nesting any input may have. Real documents (a trust policy, a token's claims) use fewer than 10. */
export const MAX_JSON_DEPTH = 64;

/** Largest value of a PostgreSQL `bigint` (ids of audit events). */
export const MAX_BIGINT = 9_223_372_036_854_775_807n;

/**
 * Why a text is refused, or null when it is fine. A NUL character is refused by PostgreSQL in
 * `text` and `jsonb` (it was a 500), and an unpaired UTF-16 surrogate is not Unicode at all
 * (`jsonb` refuses its escape, UTF-8 cannot encode it); neither is ever part of real input.
 * One linear pass: surrogate pairs are checked by hand because `String#isWellFormed` is ES2024.
 */
export function textProblem(value: string): string | null {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0) return "must not contain a NUL character";
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return "must not contain an unpaired surrogate (not Unicode text)";
    }
    if (code >= 0xdc00 && code <= 0xdfff) return "must not contain an unpaired surrogate (not Unicode text)";
  }
  return null;
}

/** A zod refinement refusing NUL and unpaired surrogates, for string schemas that are not `safeText()` (`z.url()`…). */
export function refuseUnsafeText(value: string, ctx: z.RefinementCtx): void {
  const problem = textProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: `Text ${problem}` });
}

/** A string that refuses NUL and unpaired surrogates; chain `.trim().min().max()` as with `z.string()`. */
export function safeText(message?: string) {
  return z.string(message).superRefine(refuseUnsafeText);
}

/** A whole number from `min` to `max` (JSON bodies and action inputs). */
export function boundedInt(min: number, max: number, message?: string) {
  return z.number(message).int(message ?? "A whole number").min(min).max(max);
}

/** A whole number in a query string (`?page=3`): digits only, from `min` to `max`. */
export function queryInt(min: number, max: number) {
  return z
    .string()
    .trim()
    .regex(/^\d{1,15}$/, `A whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `At least ${min}`).max(max, `At most ${max}`));
}

/** A positive `bigint` id as decimal digits (a keyset cursor): never more than PostgreSQL's bigint holds. */
export function bigintId(message = "An id: digits only") {
  return z
    .string()
    .max(40, "Larger than any id")
    .regex(/^\d+$/, message)
    // zod runs refinements after a failed check too: only digits reach BigInt().
    .refine((v) => !/^\d{1,40}$/.test(v) || BigInt(v) <= MAX_BIGINT, "Larger than any id");
}

/** Years a date may have: JavaScript dates reach ±275,760, PostgreSQL timestamps only 4713 BC–294276 AD. */
const MIN_YEAR = 1;
const MAX_YEAR = 9999;

/**
 * A date (`2026-01-31`) or ISO date-time in a query string; a bare date means the start of that
 * day, or its end with `endOfDay`. An empty value (a blank form field) is no date: undefined.
 */
export function queryDate(endOfDay = false) {
  return z
    .string()
    .trim()
    .max(40, "Not a date (YYYY-MM-DD)")
    .transform((value, ctx) => {
      if (value === "") return undefined;
      const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T${endOfDay ? "23:59:59.999" : "00:00:00.000"}Z` : value);
      const year = d.getUTCFullYear();
      if (Number.isNaN(d.getTime()) || year < MIN_YEAR || year > MAX_YEAR) {
        ctx.addIssue({ code: "custom", message: "Not a date (YYYY-MM-DD)" });
        return z.NEVER;
      }
      return d;
    });
}

/** Where in a JSON value a problem was found, and what it is. */
export interface JsonProblem {
  path: (string | number)[];
  message: string;
}

interface Frame {
  value: unknown;
  depth: number;
  parent: Frame | null;
  key: string | number | null;
}

function pathOf(frame: Frame): (string | number)[] {
  const path: (string | number)[] = [];
  for (let f: Frame | null = frame; f !== null && f.key !== null; f = f.parent) path.unshift(f.key);
  return path;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * The first problem in a decoded input (a JSON body, a server action's argument): a string or
 * key that `textProblem` refuses, nesting deeper than `maxDepth`, or an object reached twice (a
 * cycle or shared reference, which JSON cannot express but a server action's wire format can).
 * Iterative, so depth cannot overflow the stack, and linear in the size of the value.
 */
export function jsonProblem(root: unknown, maxDepth = MAX_JSON_DEPTH): JsonProblem | null {
  const seen = new Set<object>();
  const stack: Frame[] = [{ value: root, depth: 0, parent: null, key: null }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { value } = frame;
    if (typeof value === "string") {
      const problem = textProblem(value);
      if (problem) return { path: pathOf(frame), message: `Text ${problem}` };
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    const isArray = Array.isArray(value);
    if (!isArray && !isPlainObject(value)) continue; // dates and the like: left to the schema
    if (frame.depth >= maxDepth) return { path: pathOf(frame), message: `Nested deeper than ${maxDepth} levels` };
    if (seen.has(value)) return { path: pathOf(frame), message: "The same object appears twice (not a plain JSON value)" };
    seen.add(value);
    if (isArray) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], depth: frame.depth + 1, parent: frame, key: i });
    } else {
      for (const [key, child] of Object.entries(value)) {
        const keyProblem = textProblem(key);
        if (keyProblem) return { path: pathOf(frame), message: `A key ${keyProblem}` };
        stack.push({ value: child, depth: frame.depth + 1, parent: frame, key });
      }
    }
  }
  return null;
}

/** A zod refinement applying `jsonProblem` (for values typed as unknown or records of unknown). */
export function refuseUnsafeJson(value: unknown, ctx: z.RefinementCtx): void {
  const problem = jsonProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem.message, path: problem.path });
}

/** Any JSON value that `jsonProblem` accepts (claims, a policy): safe strings, at most MAX_JSON_DEPTH deep. */
export function jsonValue() {
  return z.unknown().superRefine(refuseUnsafeJson);
}

/**
 * Whether JSON text nests deeper than `maxDepth`, by one linear scan that skips string contents.
 * Checked before `JSON.parse` so that no later recursive walk (a reviver, JSON.stringify, a
 * schema) meets a 10,000-level document and overflows the stack. Valid or not, the answer only
 * counts brackets outside strings, so it never refuses a document within the limit.
 */
export function jsonNestingExceeds(text: string, maxDepth = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i++; // backslash: skip the escaped character
      else if (code === 0x22) inString = false;
      continue;
    }
    if (code === 0x22) inString = true;
    else if (code === 0x5b || code === 0x7b) {
      if (++depth > maxDepth) return true;
    } else if (code === 0x5d || code === 0x7d) depth--;
  }
  return false;
}

/** Parse JSON text no deeper than MAX_JSON_DEPTH, or say why not. */
export function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; reason: "depth" | "syntax"; message: string } {
  if (jsonNestingExceeds(text)) return { ok: false, reason: "depth", message: `nested deeper than ${MAX_JSON_DEPTH} levels` };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, reason: "syntax", message: e instanceof Error ? e.message : "not JSON" };
  }
}

/** Zod issues as `field: message` lines, for a 400 that names what to fix. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], root = "(body)"): string[] {
  return issues.map((i) => `${i.path.map(String).join(".") || root}: ${i.message}`);
}
