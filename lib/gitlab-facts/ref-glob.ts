/**
 * Set questions about three kinds of pattern that meet when GitLab's side of a grant is checked:
 * - a protected ref rule (`release/*`): GitLab's wildcard, `*` any run including `/`, everything
 *   else literal (lib/gitlab/rules/protected-ref.ts matches one ref against one rule);
 * - a mapping's ref glob (`release/*`, `v?.*`): `*` any run, `?` one character;
 * - an IAM `sub` pattern (StringLike, with `${*}` `${?}` `${$}` escapes and policy variables).
 *
 * Written here because lib/policy answers questions about one glob language at a time (match,
 * inclusion) and this needs intersection and quotients across them. All of it walks the product
 * of two glob automata (positions in each pattern), so it is linear in the product of their
 * lengths, with no regular expression built from data.
 */
import { globIncludes } from "@/lib/policy";
import { tokenizeIamString, type GlobToken } from "@/lib/policy/glob";

/** A glob without variables: literal characters, `?` (one) and `*` (any run). */
export type Tok = { t: "lit"; c: string } | { t: "one" } | { t: "any" };

/** A GitLab protected ref rule: only `*` is a wildcard. */
export function ruleTokens(rule: string): Tok[] {
  return Array.from(rule, (c): Tok => (c === "*" ? { t: "any" } : { t: "lit", c }));
}

/** A mapping's ref glob: `*` and `?` are wildcards, `$` is literal (the compiler escapes it). */
export function refGlobTokens(glob: string): Tok[] {
  return Array.from(glob, (c): Tok => (c === "*" ? { t: "any" } : c === "?" ? { t: "one" } : { t: "lit", c }));
}

/**
 * An IAM `sub` pattern. A policy variable (`${aws:username}`) becomes `*`: it stands for some
 * run of characters, so the pattern's language only grows — what it can match is never missed.
 */
export function iamPatternTokens(pattern: string): Tok[] {
  return tokenizeIamString(pattern, { wildcards: true, variables: true }).map((t: GlobToken): Tok => (t.t === "var" ? { t: "any" } : t));
}

export function isWildcard(glob: string): boolean {
  return glob.includes("*") || glob.includes("?");
}

/** Back to a ref glob (`*`, `?`, literals). Refs cannot contain `*` or `?`, so nothing is lost. */
export function tokensToGlob(tokens: readonly Tok[]): string {
  return tokens.map((t) => (t.t === "any" ? "*" : t.t === "one" ? "?" : t.c)).join("");
}

/** Positions reachable without reading a character: a `*` may match nothing. */
function close(tokens: readonly Tok[], start: number): number[] {
  const out = [start];
  for (let i = start; tokens[i]?.t === "any"; i++) out.push(i + 1);
  return out;
}

/** Does some string match both globs? Breadth-first over pairs of positions. */
export function globsIntersect(a: readonly Tok[], b: readonly Tok[]): boolean {
  const width = b.length + 1;
  const seen = new Uint8Array((a.length + 1) * width);
  const stack: [number, number][] = [];
  const push = (i: number, j: number) => {
    for (const x of close(a, i)) {
      for (const y of close(b, j)) {
        const k = x * width + y;
        if (seen[k]) continue;
        seen[k] = 1;
        stack.push([x, y]);
      }
    }
  };
  push(0, 0);
  while (stack.length > 0) {
    const [i, j] = stack.pop() as [number, number];
    if (i === a.length && j === b.length) return true;
    const x = a[i];
    const y = b[j];
    if (x === undefined || y === undefined) continue;
    // Read one character both can take; a `*` keeps its place, anything else moves on.
    if (x.t === "any" && y.t === "any") continue; // reading inside both stars changes nothing
    if (x.t === "lit" && y.t === "lit" && x.c !== y.c) continue;
    push(x.t === "any" ? i : i + 1, y.t === "any" ? j : j + 1);
  }
  return false;
}

/**
 * Does the rule cover every ref the glob matches? Exact for rules made of literals and `*`; a rule
 * holding `?` or `$` is answered "no" (conservative: the uncovered refs then count as unprotected)
 * because lib/policy reads those characters as IAM syntax.
 */
export function ruleCoversGlob(rule: string, glob: string): boolean {
  if (rule === glob) return true;
  if (rule.includes("?") || rule.includes("$") || glob.includes("$")) return false;
  return globIncludes(glob, rule); // L(glob) ⊆ L(rule)
}

/** Positions of `tokens` after reading `text` from the start (closed over empty `*` matches). */
function statesAfter(tokens: readonly Tok[], from: readonly number[], text: string): Set<number> {
  let states = new Set(from.flatMap((s) => close(tokens, s)));
  for (const ch of text) {
    const next = new Set<number>();
    for (const s of states) {
      const t = tokens[s];
      if (t === undefined) continue;
      if (t.t === "any") for (const x of close(tokens, s)) next.add(x);
      else if (t.t === "one" || t.c === ch) for (const x of close(tokens, s + 1)) next.add(x);
    }
    states = next;
    if (states.size === 0) break;
  }
  return states;
}

/**
 * The refs `r` for which `prefix + r + suffix` matches the pattern, as a list of ref globs whose
 * union is exactly that set (empty: none). This is how a `sub` pattern of a grant turns into the
 * refs of one project it admits: prefix `project_path:acme/web:ref_type:branch:ref:`, suffix ``.
 *
 * From each position s the pattern can be in after the prefix, to each position q from which the
 * suffix completes a match, the refs read are exactly the glob `tokens[s..q)` — plus the `*` at q
 * itself when there is one, which may go on reading.
 */
export function refsBetween(pattern: readonly Tok[], prefix: string, suffix: string): string[] {
  const starts = statesAfter(pattern, [0], prefix);
  if (starts.size === 0) return [];
  const ends: number[] = [];
  for (let q = 0; q <= pattern.length; q++) {
    if (statesAfter(pattern, [q], suffix).has(pattern.length)) ends.push(q);
  }
  const globs = new Set<string>();
  for (const s of starts) {
    for (const q of ends) {
      if (q < s) continue;
      const segment = pattern.slice(s, q);
      globs.add(tokensToGlob(segment));
      if (pattern[q]?.t === "any") globs.add(tokensToGlob([...segment, { t: "any" }]));
    }
  }
  return simplestCover([...globs]);
}

/** Drop globs another one in the list already covers (`main` under `*`), keeping the union. */
export function simplestCover(globs: readonly string[]): string[] {
  const unique = [...new Set(globs)].sort((x, y) => x.length - y.length || (x < y ? -1 : x > y ? 1 : 0));
  const within = (g: string, h: string) => !g.includes("$") && !h.includes("$") && globIncludes(g, h);
  // Drop g when another glob covers it; of two with the same language, the later one goes.
  return unique.filter((g, i) => !unique.some((h, j) => j !== i && within(g, h) && (!within(h, g) || j < i)));
}
