/** A leaf-level JSON diff, so the plan can show exactly what changes in a managed statement. */
import type { JsonChange } from "./types";

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function join(path: string, key: string | number): string {
  return typeof key === "number" ? `${path}[${key}]` : path === "" ? key : `${path}.${key}`;
}

/** Paths whose values differ between `before` and `after` (`undefined` = absent on that side). */
export function jsonDiff(before: unknown, after: unknown, path = ""): JsonChange[] {
  // An added or removed object is shown leaf by leaf, like an edited one.
  if ((isObject(before) || before === undefined) && (isObject(after) || after === undefined) && before !== after) {
    const b = before ?? {};
    const a = after ?? {};
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
    return keys.flatMap((key) => jsonDiff(b[key], a[key], join(path, key)));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, i) => jsonDiff(before[i], after[i], join(path, i))).flat();
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const change: JsonChange = { path: path === "" ? "$" : path };
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  return [change];
}
