/**
 * Exact language inclusion between two IAM globs (`*` any run, `?` one character): used to drop
 * patterns that a broader one already covers without changing what a policy allows.
 */
import { tokenizeIamString, hasVariables, type GlobToken } from "./glob";
import { ANY, ONE, compiledGlob, matchesText, wildcardMatch, type CompiledGlob } from "./glob-match";

type SimpleToken = Exclude<GlobToken, { t: "var" }>;

function simple(tokens: GlobToken[]): SimpleToken[] | null {
  return hasVariables(tokens) ? null : (tokens as SimpleToken[]);
}

/** Positions of a glob reachable from `states` without reading a character (skipping `*`). */
function closure(tokens: SimpleToken[], states: number[]): number[] {
  const out = new Set<number>();
  const stack = [...states];
  while (stack.length > 0) {
    const state = stack.pop() as number;
    if (out.has(state)) continue;
    out.add(state);
    if (tokens[state]?.t === "any") stack.push(state + 1);
  }
  return [...out].sort((x, y) => x - y);
}

/** Glob NFA step: positions after reading `ch` (`null` stands for a character no literal uses). */
function step(tokens: SimpleToken[], states: number[], ch: string | null): number[] {
  const next: number[] = [];
  for (const state of states) {
    const token = tokens[state];
    if (token === undefined) continue;
    if (token.t === "any") next.push(state);
    else if (token.t === "one") next.push(state + 1);
    else if (ch !== null && token.c === ch) next.push(state + 1);
  }
  return closure(tokens, next);
}

const OTHER_CANDIDATES = ["#", "%", "&", "§", "\u0001"];

/**
 * How much the witness search may do (b positions stepped) before it gives up. Inclusion with both
 * `*` and `?` can need a search over sets of positions of b (exponential in the worst case), so
 * the search is bounded; within the bound it is exact.
 */
const SEARCH_BUDGET = 100_000;

/**
 * A word in L(a) \ L(b) for two IAM globs, or null when L(a) ⊆ L(b). Exact: a breadth-first search
 * over (position in a, set of positions in b) with a symbolic alphabet made of every literal of
 * either glob plus one character that neither uses. Globs with policy variables are not compared
 * (returns a marker word unless both are textually identical). Throws a RangeError when the search
 * exceeds its work budget (`globIncludes` then answers "not included").
 */
export function globInclusionWitness(a: string, b: string): string | null {
  const found = searchWitness(a, b, SEARCH_BUDGET);
  if (found === undefined) throw new RangeError(`glob inclusion search gave up after ${SEARCH_BUDGET} steps`);
  return found;
}

/** The witness search of `globInclusionWitness`; undefined when it exceeds `budget` steps. */
function searchWitness(a: string, b: string, budget: number): string | null | undefined {
  if (a === b) return null;
  const ta = simple(tokenizeIamString(a, { wildcards: true, variables: true }));
  const tb = simple(tokenizeIamString(b, { wildcards: true, variables: true }));
  if (ta === null || tb === null) return a;
  const letters = new Set<string>();
  for (const token of [...ta, ...tb]) if (token.t === "lit") letters.add(token.c);
  const other = OTHER_CANDIDATES.find((c) => !letters.has(c)) ?? "\u0002";
  const alphabet: (string | null)[] = [...letters, null];
  const startA = closure(ta, [0]);
  const startB = closure(tb, [0]);
  type Node = { a: number; b: number[]; word: string };
  const queue: Node[] = startA.map((state) => ({ a: state, b: startB, word: "" }));
  const seen = new Set<string>(queue.map((node) => node.a + "|" + node.b.join(",")));
  let work = 0;
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as Node;
    if (node.a === ta.length && !node.b.includes(tb.length)) return node.word;
    for (const ch of alphabet) {
      work += node.b.length + 1;
      if (work > budget) return undefined;
      const nextA = step(ta, [node.a], ch);
      if (nextA.length === 0) continue;
      const nextB = step(tb, node.b, ch);
      const word = node.word + (ch ?? other);
      for (const stateA of nextA) {
        const key = stateA + "|" + nextB.join(",");
        if (seen.has(key)) continue;
        seen.add(key);
        queue.push({ a: stateA, b: nextB, word });
      }
    }
  }
  return null;
}

/**
 * Does b reject the instance of a where every `*` is `star` (-1: empty) and every `?` is `one`?
 */
function rejectsInstance(b: CompiledGlob, a: CompiledGlob, star: number, one: number): boolean {
  const items: number[] = [];
  for (const code of a.codes) {
    if (code === ANY) {
      if (star !== -1) items.push(star);
    } else items.push(code === ONE ? one : code);
  }
  return !wildcardMatch(b.codes, Int32Array.from(items));
}

/** A character code that is no literal of the glob. */
function freshCode(glob: CompiledGlob): number {
  const used = new Set(glob.codes);
  let code = 1;
  while (used.has(code)) code++;
  return code;
}

const inclusionCache = new Map<string, boolean>();

/**
 * True when every string matched by glob `a` is also matched by glob `b`; false when not, or when
 * that cannot be decided within a fixed amount of work (then a caller keeps both patterns, or
 * reports them as different: never the unsafe answer). Polynomial: O(|a| × |b|) plus a bounded
 * search.
 * Shortcuts, each exact: a literal `a` is a match test; a literal `b` needs `a === b`; b's
 * literal prefix/suffix must extend into a's (a wildcard of `a` there could pick another
 * character); `b` matching `a`'s symbols (each `*` of b absorbing symbols of a) proves inclusion;
 * `b` rejecting a concrete instance of `a` disproves it. When `b` has no `?`, the instance of `a`
 * whose wildcards are each one character that `b` never uses decides: b's literal runs can then
 * only match inside a's literal runs, so b matching it matches every instance. Otherwise the
 * search of `globInclusionWitness` decides, within its budget. Globs with policy variables are
 * only equal to themselves.
 */
export function globIncludes(a: string, b: string): boolean {
  if (a === b) return true;
  const ga = compiledGlob(a);
  const gb = compiledGlob(b);
  if (ga.variables || gb.variables) return false;
  if (!ga.wild) return matchesText(gb, ga.prefix);
  if (!gb.wild) return false;
  if (!ga.prefix.startsWith(gb.prefix) || !ga.suffix.endsWith(gb.suffix)) return false;
  const key = a + "\u0000" + b;
  const cached = inclusionCache.get(key);
  if (cached !== undefined) return cached;
  let result: boolean;
  if (wildcardMatch(gb.codes, ga.codes)) result = true;
  else if (rejectsInstance(gb, ga, -1, 1) || rejectsInstance(gb, ga, 1, 1)) result = false;
  else if (!gb.codes.includes(ONE)) {
    const fresh = freshCode(gb);
    result = !rejectsInstance(gb, ga, fresh, fresh);
  } else result = searchWitness(a, b, SEARCH_BUDGET) === null;
  if (inclusionCache.size > 100_000) inclusionCache.clear();
  inclusionCache.set(key, result);
  return result;
}
