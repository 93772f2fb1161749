/**
 * Fast matching of StringLike globs: each pattern is compiled once into char codes (`*` and `?`
 * as negative codes) and matched with the classic greedy-star algorithm, which is exact for
 * `*` / `?` wildcards. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
 */
import { hasVariables, tokenizeIamString, type GlobToken } from "./glob";

/** A variable-free glob as char codes, with ANY (`*`) and ONE (`?`) as negative codes. */
export interface CompiledGlob {
  codes: Int32Array;
  /** Literal text before the first / after the last wildcard (whole text when none). */
  prefix: string;
  suffix: string;
  wild: boolean;
  /** The pattern holds a policy variable: `codes` then spells it literally. */
  variables: boolean;
}

export const ANY = -1;
export const ONE = -2;
const globCache = new Map<string, CompiledGlob>();

/** Fast path: without `${` every character is a literal except `*` and `?`. */
function compilePlain(pattern: string): CompiledGlob {
  const codes = new Int32Array(pattern.length);
  let first = -1;
  let last = -1;
  for (let i = 0; i < pattern.length; i++) {
    const code = pattern.charCodeAt(i);
    const mapped = code === 42 ? ANY : code === 63 ? ONE : code;
    codes[i] = mapped;
    if (mapped < 0) {
      if (first === -1) first = i;
      last = i;
    }
  }
  if (first === -1) return { codes, prefix: pattern, suffix: pattern, wild: false, variables: false };
  return { codes, prefix: pattern.slice(0, first), suffix: pattern.slice(last + 1), wild: true, variables: false };
}

function compileTokens(tokens: GlobToken[]): CompiledGlob {
  const codes: number[] = [];
  for (const token of tokens) {
    if (token.t === "lit") codes.push(token.c.charCodeAt(0));
    else if (token.t === "any") codes.push(ANY);
    else if (token.t === "one") codes.push(ONE);
    else for (let i = 0; i < token.raw.length; i++) codes.push(token.raw.charCodeAt(i));
  }
  const first = codes.findIndex((code) => code < 0);
  let last = codes.length - 1;
  while (last >= 0 && (codes[last] as number) >= 0) last--;
  const text = (from: number, to: number) => String.fromCharCode(...codes.slice(from, to));
  return {
    codes: Int32Array.from(codes),
    prefix: first === -1 ? text(0, codes.length) : text(0, first),
    suffix: first === -1 ? text(0, codes.length) : text(last + 1, codes.length),
    wild: first !== -1,
    variables: hasVariables(tokens),
  };
}

/** Compile a StringLike pattern once (patterns recur across roles). */
export function compiledGlob(pattern: string): CompiledGlob {
  let glob = globCache.get(pattern);
  if (glob !== undefined) return glob;
  glob = pattern.includes("${") ? compileTokens(tokenizeIamString(pattern, { wildcards: true, variables: true })) : compilePlain(pattern);
  if (globCache.size > 50_000) globCache.clear();
  globCache.set(pattern, glob);
  return glob;
}

/**
 * Wildcard matching of `pattern` codes over `items` (greedy `*` with backtracking to the last
 * star, exact for single-item predicates). `fits(code, item)` decides a `?` or a literal.
 */
export function wildcardMatch(pattern: Int32Array, length: number, item: (i: number) => number, fits: (code: number, item: number) => boolean): boolean {
  let p = 0;
  let i = 0;
  let star = -1;
  let mark = 0;
  while (i < length) {
    const code = p < pattern.length ? (pattern[p] as number) : null;
    if (code !== null && code !== ANY && fits(code, item(i))) {
      p++;
      i++;
    } else if (code === ANY) {
      star = p++;
      mark = i;
    } else if (star !== -1) {
      p = star + 1;
      i = ++mark;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === ANY) p++;
  return p === pattern.length;
}

/** A `?` takes any character, a literal only itself. */
export const fitsChar = (code: number, ch: number): boolean => code === ONE || code === ch;
/** Symbolic: b's `?` takes one character of a (a literal or a `?`), b's literal only the same literal. */
export const fitsSymbol = (code: number, item: number): boolean => (code === ONE ? item !== ANY : code === item);

/** Does the concrete text match the compiled glob? */
export function matchesText(glob: CompiledGlob, text: string): boolean {
  return wildcardMatch(glob.codes, text.length, (i) => text.charCodeAt(i), fitsChar);
}

/** Match a concrete string against one IAM glob (`${...}` variables are taken literally). */
export function globMatches(pattern: string, text: string): boolean {
  return matchesText(compiledGlob(pattern), text);
}
