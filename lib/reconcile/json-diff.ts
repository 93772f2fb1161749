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
  const changes: JsonChange[] = [];
  collect(before, after, path, changes);
  return changes;
}

/** Appends the changes to `out` in the order the recursive definition lists them. */
function collect(before: unknown, after: unknown, path: string, out: JsonChange[]): void {
  // An added or removed object is shown leaf by leaf, like an edited one.
  if ((isObject(before) || before === undefined) && (isObject(after) || after === undefined) && before !== after) {
    const b = before ?? {};
    const a = after ?? {};
    const bKeys = Object.keys(b);
    const aKeys = Object.keys(a);
    const keys = bKeys.length === 0 ? aKeys : aKeys.length === 0 ? bKeys : [...new Set([...bKeys, ...aKeys])];
    keys.sort();
    for (const key of keys) collect(b[key], a[key], join(path, key), out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    for (let i = 0; i < length; i++) collect(before[i], after[i], join(path, i), out);
    return;
  }
  if (before === after && typeof before === "string") return; // what the comparison below would say
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  const change: JsonChange = { path: path === "" ? "$" : path };
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  out.push(change);
}

/** One line of `JSON.stringify(value, null, 2)` and the jsonDiff path of the value it shows. */
export interface JsonLine {
  text: string;
  /** "" for the root; a closing bracket carries its container's path. */
  path: string;
}

/**
 * `JSON.stringify(value, null, 2)` line by line, each line with the path jsonDiff names its value
 * by, so a change can be pointed at in the text a person reads (the request preview marks the
 * lines a request adds). The lines joined with "\n" are exactly JSON.stringify's text, for the JSON
 * data a policy is (plain objects, arrays, strings, numbers, booleans, null).
 */
export function prettyJsonLines(value: unknown): JsonLine[] {
  const lines: JsonLine[] = [];
  const write = (v: unknown, path: string, indent: string, head: string, tail: string) => {
    if (Array.isArray(v) && v.length > 0) {
      lines.push({ text: `${indent}${head}[`, path });
      v.forEach((item, i) => write(item === undefined ? null : item, join(path, i), `${indent}  `, "", i < v.length - 1 ? "," : ""));
      lines.push({ text: `${indent}]${tail}`, path });
      return;
    }
    if (isObject(v)) {
      const keys = Object.keys(v).filter((k) => v[k] !== undefined);
      if (keys.length > 0) {
        lines.push({ text: `${indent}${head}{`, path });
        keys.forEach((k, i) => write(v[k], join(path, k), `${indent}  `, `${JSON.stringify(k)}: `, i < keys.length - 1 ? "," : ""));
        lines.push({ text: `${indent}}${tail}`, path });
        return;
      }
    }
    lines.push({ text: `${indent}${head}${JSON.stringify(v)}${tail}`, path });
  };
  write(value, "", "", "", "");
  return lines;
}

/** `path` is `ancestor` or lies below it, in jsonDiff's path notation. */
export function isAtOrBelow(path: string, ancestor: string): boolean {
  if (ancestor === "" || ancestor === "$") return true;
  return path === ancestor || path.startsWith(`${ancestor}.`) || path.startsWith(`${ancestor}[`);
}
