/**
 * The project's one wildcard matcher: IAM `StringLike` globs, IAM action patterns, GitLab
 * protected-ref wildcards and inventory key patterns all compile to char codes (`*` and `?` as
 * negative codes) and match with the classic greedy-star algorithm below.
 *
 * Why our own matcher instead of a RegExp: the patterns are data (policies a user pastes into the
 * simulator, stored IAM policies, admin settings). A backtracking RegExp built from them can take
 * exponential time (`*a*a*ac` against `a…ab` never answers), and escaping them correctly is
 * error-prone. The greedy-star algorithm is exact for `*` (any run) and `?` (one character) and
 * takes O(pattern × text) in the worst case, precisely O(text × the longest run between two
 * `*`s): after a mismatch it only ever restarts from the last `*`, one text position further, and
 * never returns to an earlier `*`. No RegExp is built from data anywhere in trustmap; this module
 * is the one place that matches wildcards (IAM ArnLike/ArnEquals are not evaluated, see
 * operators.ts).
 *
 * StringLike semantics: `*` matches any run of characters (including `/` and `:`), `?` exactly one,
 * everything else is compared case-sensitively.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
 */
import { hasVariables, tokenizeIamString, type GlobToken } from "./glob";

/** A compiled pattern: char codes with ANY (`*`) and ONE (`?`) as negative codes. */
export interface CompiledGlob {
  codes: Int32Array;
  /** Literal text before the first / after the last wildcard (the whole text when there is none). */
  prefix: string;
  suffix: string;
  /** The pattern has a `*` or a `?`. */
  wild: boolean;
  /** The pattern has a `*` (else every match is exactly `minLength` characters long). */
  star: boolean;
  /** Characters every match has at least: the literals and `?`s. */
  minLength: number;
  /** Literals are case-folded (see `foldCase`); the text is folded before matching. */
  ignoreCase: boolean;
  /** The pattern held a policy variable, spelled literally in `codes`. */
  variables: boolean;
}

/** The code of `*` in a compiled pattern: any run of characters, including none. */
export const ANY = -1;
/** The code of `?` in a compiled pattern: exactly one character (one UTF-16 code unit). */
export const ONE = -2;
const globCache = new Map<string, CompiledGlob>();

let foldTable: Uint16Array | null = null;

/**
 * The case folding of a JavaScript RegExp with the `i` flag and without `u` (ECMA-262
 * Canonicalize): a UTF-16 code unit maps to its upper case when that is a single code unit, except
 * that a non-ASCII unit never maps into ASCII (so `ſ` does not match `s`, nor `K` (Kelvin) `k`).
 * Two texts are equal ignoring case iff their folds are equal. trustmap compared IgnoreCase
 * values with such RegExps before, so this keeps the exact semantics it had.
 * https://tc39.es/ecma262/#sec-runtime-semantics-canonicalize-ch
 */
function caseFoldTable(): Uint16Array {
  if (foldTable !== null) return foldTable;
  const table = new Uint16Array(65536);
  for (let code = 0; code < 65536; code++) {
    const upper = String.fromCharCode(code).toUpperCase();
    const single = upper.length === 1 ? upper.charCodeAt(0) : code;
    table[code] = code >= 128 && single < 128 ? code : single;
  }
  foldTable = table;
  return table;
}

/** Fold one UTF-16 code unit (see `caseFoldTable`). */
export function foldCode(code: number): number {
  if (code < 128) return code >= 97 && code <= 122 ? code - 32 : code;
  return caseFoldTable()[code] as number;
}

/** Fold a text code unit by code unit: `foldCase(a) === foldCase(b)` ⇔ a and b are equal ignoring case. */
export function foldCase(text: string): string {
  let i = 0;
  while (i < text.length && foldCode(text.charCodeAt(i)) === text.charCodeAt(i)) i++;
  if (i === text.length) return text;
  const codes = new Uint16Array(text.length);
  for (let j = 0; j < text.length; j++) codes[j] = foldCode(text.charCodeAt(j));
  let out = "";
  for (let from = 0; from < codes.length; from += 8192) out += String.fromCharCode(...codes.subarray(from, from + 8192));
  return out;
}

function fromCodes(codes: ArrayLike<number>, from: number, to: number): string {
  let out = "";
  for (let i = from; i < to; i++) out += String.fromCharCode(codes[i] as number);
  return out;
}

function build(codes: Int32Array, ignoreCase: boolean, variables: boolean): CompiledGlob {
  let first = -1;
  let last = -1;
  let star = false;
  let minLength = 0;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] as number;
    if (code === ANY) star = true;
    else minLength++;
    if (code < 0) {
      if (first === -1) first = i;
      last = i;
    } else if (ignoreCase) codes[i] = foldCode(code);
  }
  if (first === -1) {
    const text = fromCodes(codes, 0, codes.length);
    return { codes, prefix: text, suffix: text, wild: false, star, minLength, ignoreCase, variables };
  }
  return { codes, prefix: fromCodes(codes, 0, first), suffix: fromCodes(codes, last + 1, codes.length), wild: true, star, minLength, ignoreCase, variables };
}

/** How `compileWildcards` reads a pattern. */
export interface WildcardOptions {
  /** `?` matches one character (IAM); false: `?` is a literal (GitLab protected refs). Default true. */
  one?: boolean;
  /** Compare literals ignoring case (see `foldCase`). Default false. */
  ignoreCase?: boolean;
}

/** Compile a pattern in which only `*` (and `?`) are special; `$`, `{`, `}` and the rest are literal. */
export function compileWildcards(pattern: string, options: WildcardOptions = {}): CompiledGlob {
  const one = options.one ?? true;
  const codes = new Int32Array(pattern.length);
  for (let i = 0; i < pattern.length; i++) {
    const code = pattern.charCodeAt(i);
    codes[i] = code === 42 ? ANY : code === 63 && one ? ONE : code;
  }
  return build(codes, options.ignoreCase ?? false, false);
}

/**
 * Compile tokenized IAM values (`lib/policy/glob.ts`): a variable becomes the literal text
 * `resolve` gives it (its raw `${…}` spelling when `resolve` is omitted); null when `resolve`
 * cannot resolve one (the value then matches nothing).
 */
export function compileTokens(tokens: readonly GlobToken[], resolve?: (token: GlobToken & { t: "var" }) => string | null): CompiledGlob | null {
  const codes: number[] = [];
  for (const token of tokens) {
    if (token.t === "lit") codes.push(token.c.charCodeAt(0));
    else if (token.t === "any") codes.push(ANY);
    else if (token.t === "one") codes.push(ONE);
    else {
      const text = resolve === undefined ? token.raw : resolve(token);
      if (text === null) return null;
      for (let i = 0; i < text.length; i++) codes.push(text.charCodeAt(i));
    }
  }
  return build(Int32Array.from(codes), false, resolve === undefined && hasVariables(tokens));
}

/** Compile a StringLike pattern once (patterns recur across roles); `${...}` variables are taken literally. */
export function compiledGlob(pattern: string): CompiledGlob {
  let glob = globCache.get(pattern);
  if (glob !== undefined) return glob;
  glob = pattern.includes("${") ? (compileTokens(tokenizeIamString(pattern, { wildcards: true, variables: true })) as CompiledGlob) : compileWildcards(pattern);
  if (globCache.size > 50_000) globCache.clear();
  globCache.set(pattern, glob);
  return glob;
}

/** No pattern position left (the pattern is exhausted). */
const END = -3;

/**
 * Greedy-star wildcard matching of `pattern[pFrom, pTo)` over `items[iFrom, iTo)`: literals and
 * `?` advance both sides, a `*` first matches nothing, and on a mismatch the last `*` takes one
 * more item. Exact for `*` / `?`; O((pTo − pFrom) × (iTo − iFrom)) in the worst case.
 * Items are a text's code units, or codes (symbolic matching, `glob-inclusion.ts`): there a `?`
 * takes one literal or `?` of the other glob but never its `*`, and a literal only itself.
 * (One loop for both: a text never holds a negative code, so the same test fits either.)
 */
function matchRange(pattern: Int32Array, pFrom: number, pTo: number, items: string | Int32Array, iFrom: number, iTo: number): boolean {
  const text = typeof items === "string" ? items : null;
  let p = pFrom;
  let i = iFrom;
  let star = -1;
  let mark = iFrom;
  while (i < iTo) {
    const code = p < pTo ? (pattern[p] as number) : END;
    const item = text !== null ? text.charCodeAt(i) : (items[i] as number);
    if (code === ANY) {
      star = p++;
      mark = i;
    } else if (code !== END && (code === ONE ? item !== ANY : code === item)) {
      p++;
      i++;
    } else if (star !== -1) {
      p = star + 1;
      i = ++mark;
    } else return false;
  }
  while (p < pTo && pattern[p] === ANY) p++;
  return p === pTo;
}

/** Wildcard matching of all of `pattern` over all `items` (a text, or codes: see `matchRange`). */
export function wildcardMatch(pattern: Int32Array, items: string | Int32Array): boolean {
  return matchRange(pattern, 0, pattern.length, items, 0, items.length);
}

/**
 * Does the whole text match the compiled pattern? Linear checks first (length, the literal prefix
 * and suffix, which a match must carry exactly), then the greedy matcher on what lies between.
 */
export function matchesText(glob: CompiledGlob, text: string): boolean {
  const subject = glob.ignoreCase ? foldCase(text) : text;
  if (!glob.wild) return subject === glob.prefix;
  const n = subject.length;
  if (glob.star ? n < glob.minLength : n !== glob.minLength) return false;
  if (!subject.startsWith(glob.prefix) || !subject.endsWith(glob.suffix)) return false;
  const from = glob.prefix.length;
  return matchRange(glob.codes, from, glob.codes.length - glob.suffix.length, subject, from, n - glob.suffix.length);
}

/** Match a concrete string against one IAM glob (`${...}` variables are taken literally). */
export function globMatches(pattern: string, text: string): boolean {
  return matchesText(compiledGlob(pattern), text);
}

/** Globs indexed by their literal prefix (a radix tree), for "which of these patterns match?". */
export interface GlobIndex {
  label: string;
  children: Map<number, GlobIndex>;
  /** Globs whose literal prefix is exactly the path to this node, with their value index. */
  entries: { index: number; glob: CompiledGlob }[];
}

function indexNode(label: string): GlobIndex {
  return { label, children: new Map(), entries: [] };
}

function insert(root: GlobIndex, key: string, entry: { index: number; glob: CompiledGlob }): void {
  let node = root;
  let rest = key;
  for (;;) {
    if (rest.length === 0) {
      node.entries.push(entry);
      return;
    }
    const first = rest.charCodeAt(0);
    const child = node.children.get(first);
    if (child === undefined) {
      const leaf = indexNode(rest);
      leaf.entries.push(entry);
      node.children.set(first, leaf);
      return;
    }
    let common = 0;
    while (common < child.label.length && common < rest.length && child.label.charCodeAt(common) === rest.charCodeAt(common)) common++;
    if (common < child.label.length) {
      const split = indexNode(child.label.slice(0, common));
      child.label = child.label.slice(common);
      split.children.set(child.label.charCodeAt(0), child);
      node.children.set(first, split);
      node = split;
    } else node = child;
    rest = rest.slice(common);
  }
}

/** Index globs (each with the index of the policy value it came from) by their literal prefix. */
export function globIndex(entries: readonly { index: number; glob: CompiledGlob }[]): GlobIndex {
  const root = indexNode("");
  for (const entry of entries) insert(root, entry.glob.prefix, entry);
  return root;
}

/**
 * The smallest value index among the indexed globs that match `text` and whose index is below
 * `below` (-1: no bound), or -1. Only globs whose literal prefix starts `text` are tried, found by
 * walking the radix tree along `text` (O(text) plus the candidates' matching). For globs that
 * ignore case, pass the text already folded (`foldCase`).
 */
export function firstGlobMatch(root: GlobIndex, text: string, below = -1): number {
  let best = below;
  let node = root;
  let pos = 0;
  for (;;) {
    for (const { index, glob } of node.entries) if ((best === -1 || index < best) && matchesText(glob, text)) best = index;
    if (pos >= text.length) break;
    const child = node.children.get(text.charCodeAt(pos));
    if (child === undefined || !text.startsWith(child.label, pos)) break;
    pos += child.label.length;
    node = child;
  }
  return best === below ? -1 : best;
}
