/**
 * The RegExp-based matchers trustmap used before its linear wildcard matcher, copied verbatim as
 * reference oracles for the property tests (building RegExps from data is allowed in tests only).
 * Each function is the old code path, so "new matcher agrees with oracle" means "same semantics".
 */
import type { GlobToken } from "@/lib/policy/glob";

type VarToken = GlobToken & { t: "var" };

const ESCAPES: Record<string, string> = { "${*}": "*", "${?}": "?", "${$}": "$" };

/** The old tokenizer (lib/policy/glob.ts before it remembered a missing `}`). */
export function oldTokenize(value: string, options: { wildcards: boolean; variables: boolean }): GlobToken[] {
  const tokens: GlobToken[] = [];
  let i = 0;
  while (i < value.length) {
    const ch = value[i] as string;
    if (options.wildcards && (ch === "*" || ch === "?")) {
      tokens.push(ch === "*" ? { t: "any" } : { t: "one" });
      i++;
      continue;
    }
    if (options.variables && ch === "$" && value[i + 1] === "{") {
      const end = value.indexOf("}", i + 2);
      if (end !== -1) {
        const raw = value.slice(i, end + 1);
        const escaped = ESCAPES[raw];
        if (escaped !== undefined) tokens.push({ t: "lit", c: escaped });
        else tokens.push(parseVariable(raw));
        i = end + 1;
        continue;
      }
    }
    tokens.push({ t: "lit", c: ch });
    i++;
  }
  return tokens;
}

function parseVariable(raw: string): GlobToken {
  const parts = raw.slice(2, -1).split(", ");
  let fallback: string | null = null;
  const second = parts[1];
  if (parts.length === 2 && second !== undefined && second.startsWith("'") && second.endsWith("'")) {
    fallback = second.slice(1, -1);
  }
  return { t: "var", name: (parts[0] ?? "").trim(), fallback, raw };
}

const REGEX_META = /[.*+?^${}()|[\]\\/]/g;

function escapeRegex(text: string): string {
  return text.replace(REGEX_META, "\\$&");
}

function regexSource(tokens: GlobToken[], resolve: (token: VarToken) => string | null): string | null {
  let source = "";
  for (const token of tokens) {
    if (token.t === "lit") source += escapeRegex(token.c);
    else if (token.t === "one") source += "[\\s\\S]";
    else if (token.t === "any") source += "[\\s\\S]*";
    else {
      const resolved = resolve(token);
      if (resolved === null) return null;
      source += escapeRegex(resolved);
    }
  }
  return source;
}

function resolveVariable(token: VarToken, context: Map<string, unknown>): string | null {
  const value = context.get(token.name.toLowerCase());
  if (typeof value === "string" && value !== "") return value;
  if (token.fallback !== null && token.fallback !== "") return token.fallback;
  return null;
}

/** The old `stringHitTest` of lib/policy/prepare.ts: first value hit, -1 none, -2 none + unresolved. */
export function oldStringHit(values: string[], kind: { wildcards: boolean; ignoreCase: boolean }, variables: boolean, requestValue: string, context: Map<string, unknown>): number {
  const tokenized = values.map((value) => oldTokenize(value, { wildcards: kind.wildcards, variables }));
  const staticIndex: number[] = [];
  const dynamic: { index: number; tokens: GlobToken[] }[] = [];
  tokenized.forEach((tokens, index) => (tokens.some((t) => t.t === "var") ? dynamic.push({ index, tokens }) : staticIndex.push(index)));
  const flags = kind.ignoreCase ? "i" : "";
  let exact: Map<string, number> | null = null;
  let regex: RegExp | null = null;
  if (!kind.wildcards && !kind.ignoreCase) {
    exact = new Map();
    for (const index of staticIndex) {
      const literal = (tokenized[index] as GlobToken[]).map((token) => (token.t === "lit" ? token.c : "")).join("");
      if (!exact.has(literal)) exact.set(literal, index);
    }
  } else if (staticIndex.length > 0) {
    const sources = staticIndex.map((index) => regexSource(tokenized[index] as GlobToken[], () => null) as string);
    regex = new RegExp("^(?:(" + sources.join(")|(") + "))$", kind.ignoreCase ? "i" : "");
  }
  let best = -1;
  if (exact !== null) {
    const index = exact.get(requestValue);
    if (index !== undefined) best = index;
  } else if (regex !== null) {
    const match = regex.exec(requestValue);
    if (match !== null) {
      for (let group = 1; group < match.length; group++) {
        if (match[group] !== undefined) {
          best = staticIndex[group - 1] as number;
          break;
        }
      }
    }
  }
  let unresolved = false;
  for (const { index, tokens } of dynamic) {
    if (best !== -1 && index > best) break;
    const source = regexSource(tokens, (token) => resolveVariable(token, context));
    if (source === null) {
      unresolved = true;
      continue;
    }
    if (new RegExp("^" + source + "$", flags).test(requestValue)) {
      best = index;
      break;
    }
  }
  return best === -1 && unresolved ? -2 : best;
}

/** The old `uncachedActionPatternMatches` of lib/policy/prepare.ts. */
export function oldActionPatternMatches(pattern: string, action: string): boolean {
  if (/^\*+$/.test(pattern)) return true;
  const [service = "", name = ""] = pattern.split(":");
  const [requestService = "", requestName = ""] = action.split(":");
  if (name.length === 0 || /\s/.test(name) || service.toLowerCase() !== requestService.toLowerCase()) return false;
  const source = name.replace(/[.+^${}()|[\]\\/]/g, "\\$&").replace(/\?/g, ".").replace(/\*/g, ".*");
  return new RegExp("^" + source + "$", "is").test(requestName);
}

/** The old lib/gitlab/rules/protected-ref.ts `protectedRefMatches`. */
export function oldProtectedRefMatches(pattern: string, ref: string): boolean {
  if (pattern.length === 0) return false;
  if (pattern === ref) return true;
  if (!pattern.includes("*")) return false;
  const body = pattern
    .split("*")
    .map((segment) => segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*?");
  return new RegExp(`^${body}$`, "s").test(ref);
}

/** The old lib/inventory/patterns.ts key pattern (`toRegExp(pattern).test(key)`). */
export function oldInventoryKeyMatches(pattern: string, key: string): boolean {
  const body = pattern.split("*").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*");
  return new RegExp(`^${body}$`, "i").test(key);
}

/** Equal ignoring case as a RegExp with the `i` flag (no `u`) compares them: the old IgnoreCase. */
export function oldEqualsIgnoringCase(a: string, b: string): boolean {
  return new RegExp("^" + escapeRegex(a) + "$", "i").test(b);
}
