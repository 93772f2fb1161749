/**
 * RFC 8785 canonical JSON, byte-identical to the `canonicalize` package, faster for the plain data
 * the planner builds (operations, trust policies). Like `canonicalize`, it writes object keys
 * sorted by UTF-16 code units and every string, number and key with `JSON.stringify`; it skips
 * what makes `canonicalize` slow (a cycle-tracking set, a frame object per container, a
 * well-formedness check per string). Whatever is not plain data takes the `canonicalize` path,
 * so the result, or the error, is always the same:
 * - anything but plain objects, arrays, strings, booleans, null and finite numbers (toJSON,
 *   boxed primitives, class instances, undefined in an array, NaN, Infinity, cycles);
 * - a lone surrogate, which `JSON.stringify` escapes as `\udxxx` and `canonicalize` rejects (the
 *   check on the output also fires for an escaped backslash followed by `ud8`..., which is only
 *   slower, never different).
 */
import canonicalize from "canonicalize";

const LONE_SURROGATE_ESCAPE = /\\ud[89a-f]/;
/** Deeper than anything the planner builds; also where a cycle is given up on. */
const MAX_DEPTH = 1000;

class NotPlain {}
const NOT_PLAIN = new NotPlain();

const keyCache = new Map<string, string>();

function keyJson(key: string): string {
  let json = keyCache.get(key);
  if (json === undefined) {
    json = JSON.stringify(key);
    if (keyCache.size > 10_000) keyCache.clear();
    keyCache.set(key, json);
  }
  return json;
}

function write(value: unknown, depth: number): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) throw NOT_PLAIN;
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "object":
      break;
    default:
      throw NOT_PLAIN;
  }
  if (value === null) return "null";
  if (depth > MAX_DEPTH) throw NOT_PLAIN;
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) out += (i === 0 ? "" : ",") + write(value[i], depth + 1);
    return out + "]";
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if ((proto !== Object.prototype && proto !== null) || typeof (value as { toJSON?: unknown }).toJSON === "function") throw NOT_PLAIN;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = "{";
  let first = true;
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue; // left out, as canonicalize and JSON.stringify do
    out += (first ? "" : ",") + keyJson(key) + ":" + write(item, depth + 1);
    first = false;
  }
  return out + "}";
}

/** `canonicalize(value)`: the same string, or the same error. */
export function canonicalJson(value: unknown): string | undefined {
  if (value === null || typeof value !== "object") return canonicalize(value);
  let text: string;
  try {
    text = write(value, 0);
  } catch (e) {
    if (e === NOT_PLAIN) return canonicalize(value);
    throw e;
  }
  // JSON.stringify writes `\u` only for control characters and lone surrogates: most texts have none.
  return text.includes("\\u") && LONE_SURROGATE_ESCAPE.test(text) ? canonicalize(value) : text;
}
