/**
 * Request parsing and response helpers for the fake, following how GitLab (Rails + Grape) reads
 * parameters: query string and body are merged, `a[b]=c` nests, `a[]=x` builds arrays, and
 * booleans accept Grape's spellings.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { FakeState, FakeToken, FakeUser } from "./state";

export type Params = Record<string, unknown>;

export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  url: URL;
  /** Route parameters, URL-decoded (`group%2Fproj` → `group/proj`). */
  params: Record<string, string>;
  /** Query and body merged, body winning (as Grape does). */
  input: Params;
  body: unknown;
  state: FakeState;
  /** Scheme + host as the client addressed us, for `Link` and `web_url`. */
  origin: string;
  user?: FakeUser;
  token?: FakeToken;
}

/** Thrown by handlers to answer with a GitLab-shaped error. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

export const notFound = (what: string) => new HttpError(404, { message: `404 ${what} Not Found` });
export const paramError = (message: string) => new HttpError(400, { error: message });

function assign(target: Params, key: string, value: unknown): void {
  const m = /^([^[\]]+)((?:\[[^\]]*\])*)$/.exec(key);
  if (!m?.[1] || !m[2]) {
    target[key] = value;
    return;
  }
  const path = [m[1], ...[...m[2].matchAll(/\[([^\]]*)\]/g)].map((x) => x[1] ?? "")];
  let node: Params = target;
  path.forEach((part, i) => {
    const last = i === path.length - 1;
    const nextIsArray = path[i + 1] === "";
    if (part === "") return;
    if (last) node[part] = value;
    else if (nextIsArray) {
      const arr = Array.isArray(node[part]) ? (node[part] as unknown[]) : [];
      arr.push(value);
      node[part] = arr;
    } else {
      node[part] = typeof node[part] === "object" && node[part] !== null ? node[part] : {};
      node = node[part] as Params;
    }
  });
}

/** Rack-style nested parameters from `key=value` pairs. */
export function parseNested(entries: Iterable<[string, string]>): Params {
  const out: Params = {};
  for (const [k, v] of entries) assign(out, k, v);
  return out;
}

export async function readBody(req: IncomingMessage): Promise<{ raw: string; parsed: unknown }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  if (raw === "") return { raw, parsed: undefined };
  const type = req.headers["content-type"] ?? "";
  if (type.includes("application/json")) {
    try {
      return { raw, parsed: JSON.parse(raw) as unknown };
    } catch {
      throw new HttpError(400, { error: "The provided content-type 'application/json' is not supported." });
    }
  }
  if (type.includes("application/x-www-form-urlencoded")) return { raw, parsed: parseNested(new URLSearchParams(raw)) };
  return { raw, parsed: raw };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (status === 204) {
    res.writeHead(204, headers).end();
    return;
  }
  res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
}

const TRUE = new Set(["true", "1", "t", "y", "yes", "on"]);
const FALSE = new Set(["false", "0", "f", "n", "no", "off"]);

/** Grape's Boolean coercion; an unknown spelling is a 400 `"<name> is invalid"`. */
export function bool(input: Params, name: string): boolean | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "boolean") return v;
  const s = String(v).toLowerCase();
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  throw paramError(`${name} is invalid`);
}

export function str(input: Params, name: string): string | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "object") throw paramError(`${name} is invalid`);
  return String(v);
}

/** `filter[environment_scope]`, from the query string or the JSON body. */
export function scopeFilter(input: Params): string | undefined {
  const filter = input.filter;
  if (filter === null || typeof filter !== "object") return undefined;
  const scope = (filter as Params).environment_scope;
  return typeof scope === "string" && scope !== "" ? scope : undefined;
}

/** Fails with Grape's message when required parameters are absent. */
export function requireParams(input: Params, names: string[]): void {
  const missing = names.filter((n) => input[n] === undefined || input[n] === null);
  if (missing.length > 0) throw paramError(missing.map((n) => `${n} is missing`).join(", "));
}
