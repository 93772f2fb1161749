/**
 * IAM string patterns: the `*` / `?` wildcards of `StringLike`, the `${*}` `${?}` `${$}` escapes and
 * `${key}` / `${key, 'default'}` policy variables.
 *
 * `*` matches any run of characters (including `/` and `:`), `?` exactly one; matching is
 * case-sensitive. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
 * Variables: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */

/** One element of an IAM string value: a literal character, `?`, `*` or a policy variable. */
export type GlobToken =
  | { t: "lit"; c: string }
  | { t: "one" }
  | { t: "any" }
  | { t: "var"; name: string; fallback: string | null; raw: string };

/** How to read an IAM string value (depends on the operator and the policy Version). */
export interface TokenizeOptions {
  /** `*` and `?` are wildcards (StringLike) rather than literal characters (StringEquals). */
  wildcards: boolean;
  /** `${...}` is interpreted (policy Version 2012-10-17); otherwise everything is literal. */
  variables: boolean;
}

const ESCAPES: Record<string, string> = { "${*}": "*", "${?}": "?", "${$}": "$" };

/** Split an IAM string value into literal characters, wildcards and variables. */
export function tokenizeIamString(value: string, options: TokenizeOptions): GlobToken[] {
  const tokens: GlobToken[] = [];
  // Once no `}` follows, no later `${` can close either: remembering that keeps this linear.
  let closing = true;
  let i = 0;
  while (i < value.length) {
    const ch = value[i] as string;
    if (options.wildcards && (ch === "*" || ch === "?")) {
      tokens.push(ch === "*" ? { t: "any" } : { t: "one" });
      i++;
      continue;
    }
    if (options.variables && closing && ch === "$" && value[i + 1] === "{") {
      const end = value.indexOf("}", i + 2);
      if (end === -1) closing = false;
      else {
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

/** `${name}` or `${name, 'default'}` (comma and one space, default in single quotes). */
function parseVariable(raw: string): GlobToken {
  const parts = raw.slice(2, -1).split(", ");
  let fallback: string | null = null;
  const second = parts[1];
  if (parts.length === 2 && second !== undefined && second.startsWith("'") && second.endsWith("'")) {
    fallback = second.slice(1, -1);
  }
  return { t: "var", name: (parts[0] ?? "").trim(), fallback, raw };
}

/** The value contains a `${...}` policy variable (other than the escapes). */
export function hasVariables(tokens: readonly GlobToken[]): boolean {
  return tokens.some((token) => token.t === "var");
}

/** The value contains a `*` or `?` wildcard. */
export function hasWildcards(tokens: readonly GlobToken[]): boolean {
  return tokens.some((token) => token.t === "any" || token.t === "one");
}

/** Escape only `$`, keeping `*` and `?` as wildcards (user-written globs such as refs). */
export function escapeGlobDollar(text: string): string {
  return text.replace(/\$/g, "${$}");
}

/** Collapse runs of wildcards into the shortest equivalent (`**` → `*`, `*?` → `?*`). */
export function canonicalGlob(pattern: string): string {
  if (pattern.includes("${")) return pattern;
  return pattern.replace(/[*?]{2,}/g, (run) => {
    const ones = run.replace(/\*/g, "");
    return run.includes("*") ? ones + "*" : ones;
  });
}
