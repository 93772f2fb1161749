/**
 * Query strings at the edge. Every page reads its searchParams through `readPageQuery`, so a
 * page never fails on a bad query: a value its schema refuses is dropped (and named), and the
 * page shows what it shows without it. Routes use the strict `readQuery` (with-permission.ts).
 */
import type { z } from "zod";
import { jsonProblem } from "./common";

/** A page's `searchParams` as Next hands them over. */
export type RawSearchParams = Record<string, string | string[] | undefined>;

/** `out[key] = value`, also for a key named `__proto__` (an own property, never the prototype). */
function set(out: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

/** One value per parameter: the first of a repeated one (`?a=1&a=2` → a=1). */
export function firstValues(raw: RawSearchParams | URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw instanceof URLSearchParams) {
    for (const [key, value] of raw) if (!Object.hasOwn(out, key)) set(out, key, value);
    return out;
  }
  for (const [key, value] of Object.entries(raw)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === "string") set(out, key, first);
  }
  return out;
}

export interface PageQuery<T> {
  /** The parsed query without the refused parameters; null when even that does not validate (a required parameter is missing or bad). */
  data: T | null;
  /** The parameters that were refused and dropped. */
  dropped: string[];
  /** The parameters as given (first values), with refused ones removed: safe to echo back into forms and links. */
  values: Record<string, string>;
}

/**
 * Parse a page's query with `schema`, leniently: each parameter the schema (or the edge rules:
 * NUL, unpaired surrogates) refuses is dropped and parsing retried, at most once per parameter.
 */
export function readPageQuery<S extends z.ZodType>(schema: S, raw: RawSearchParams | URLSearchParams): PageQuery<z.output<S>> {
  const values = firstValues(raw);
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (jsonProblem(value) !== null || jsonProblem(key) !== null) {
      delete values[key];
      dropped.push(key);
    }
  }
  for (;;) {
    const parsed = schema.safeParse(values);
    if (parsed.success) return { data: parsed.data, dropped, values };
    const blamed = new Set(parsed.error.issues.map((i) => i.path[0]).filter((k): k is string => typeof k === "string" && Object.hasOwn(values, k)));
    if (blamed.size === 0) return { data: null, dropped, values };
    for (const key of blamed) {
      delete values[key];
      dropped.push(key);
    }
  }
}
