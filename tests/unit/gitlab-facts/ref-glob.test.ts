import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { globsIntersect, iamPatternTokens, refGlobTokens, refsBetween, ruleCoversGlob, ruleTokens, simplestCover, type Tok } from "@/lib/gitlab-facts/ref-glob";
import { protectedRefMatches } from "@/lib/gitlab/protected-ref";

/** Reference matcher for the tests: plain recursion over tokens (exponential, fine for short strings). */
function matches(tokens: readonly Tok[], text: string, i = 0, j = 0): boolean {
  if (i === tokens.length) return j === text.length;
  const t = tokens[i] as Tok;
  if (t.t === "any") return matches(tokens, text, i + 1, j) || (j < text.length && matches(tokens, text, i, j + 1));
  if (j === text.length) return false;
  return (t.t === "one" || t.c === text[j]) && matches(tokens, text, i + 1, j + 1);
}

function* strings(alphabet: readonly string[], maxLength: number): Generator<string> {
  yield "";
  let level = [""];
  for (let n = 1; n <= maxLength; n++) {
    level = level.flatMap((s) => alphabet.map((c) => s + c));
    yield* level;
  }
}
const ALL = [...strings(["a", "b", "/"], 6)];
// Two globs of at most 4 tokens each that meet do so on a string no longer than their 8 non-star tokens.
const SHORT = [...strings(["a", "b"], 8)];
const smallGlobArb = fc.array(fc.constantFrom("a", "b", "*", "?"), { maxLength: 4 }).map((cs) => cs.join(""));

const globArb = fc.array(fc.constantFrom("a", "b", "/", "*", "?"), { maxLength: 5 }).map((cs) => cs.join(""));
const ruleArb = fc.array(fc.constantFrom("a", "b", "/", "*"), { maxLength: 5 }).map((cs) => cs.join(""));

describe("glob intersection", () => {
  const cases: [string, string, boolean][] = [
    ["release/*", "release/1.*", true],
    ["release/*", "feature/*", false],
    ["*", "main", true],
    ["v*", "v?.*", true],
    ["main", "mai?", true],
    ["main", "master", false],
    ["*-stable", "prod*", true],
    ["a*b", "b*a", false],
  ];
  for (const [rule, glob, expected] of cases) {
    it(`rule ${rule} ${expected ? "meets" : "misses"} glob ${glob}`, () => expect(globsIntersect(ruleTokens(rule), refGlobTokens(glob))).toBe(expected));
  }

  it("agrees with brute force: some short string matches both", () => {
    fc.assert(
      fc.property(smallGlobArb, smallGlobArb, (x, y) => {
        const [a, b] = [refGlobTokens(x), refGlobTokens(y)];
        const witness = SHORT.some((s) => matches(a, s) && matches(b, s));
        expect(globsIntersect(a, b)).toBe(witness);
      }),
      { numRuns: 400 },
    );
  });

  it("reads a GitLab rule's * like GitLab's matcher does", () => {
    fc.assert(
      fc.property(ruleArb, fc.constantFrom(...ALL.filter((s) => s !== "")), (rule, ref) => {
        expect(matches(ruleTokens(rule), ref)).toBe(protectedRefMatches(rule, ref));
      }),
    );
  });
});

describe("rule coverage of a ref glob", () => {
  it.each([
    ["release/*", "release/*", true],
    ["release/*", "release/1.*", true],
    ["release/1.*", "release/*", false],
    ["*", "anything/*", true],
    ["v*", "v?.*", true],
    ["main", "main", true],
    ["ma?n", "main", false],
  ])("rule %s covers %s: %s", (rule, glob, expected) => expect(ruleCoversGlob(rule, glob)).toBe(expected));

  it("never claims coverage a matching ref would break (soundness against brute force)", () => {
    fc.assert(
      fc.property(ruleArb, globArb, (rule, glob) => {
        if (!ruleCoversGlob(rule, glob)) return;
        for (const s of ALL) if (matches(refGlobTokens(glob), s)) expect(protectedRefMatches(rule, s) || s === "").toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});

describe("refs a sub pattern admits between a prefix and a suffix", () => {
  const pfx = "project_path:acme/web:ref_type:branch:ref:";
  it.each([
    [`${pfx}main`, ["main"]],
    [`${pfx}release/*`, ["release/*"]],
    ["project_path:acme/*", ["*"]],
    ["project_path:acme/web:ref_type:tag:ref:*", []],
    ["project_path:other/app:ref_type:branch:ref:main", []],
    ["*", ["*"]],
    // The leading * may also swallow part of the ref: refs holding ':ref:' (which git forbids) match too.
    ["*:ref:v?", ["v?", "ref:v?", "*:ref:v?"]],
  ])("%s → %j", (pattern, refs) => expect(refsBetween(iamPatternTokens(pattern), pfx, "")).toEqual(refs));

  it("a ref in the middle (components project_path, ref, ref_type)", () => {
    const refs = refsBetween(iamPatternTokens("project_path:acme/web:ref:rel*:ref_type:branch"), "project_path:acme/web:ref:", ":ref_type:branch");
    expect(refs).toEqual(["rel*"]);
  });

  it("reads ${$} as a literal $ and a policy variable as any run", () => {
    expect(refsBetween(iamPatternTokens(`${pfx}cost\${$}`), pfx, "")).toEqual(["cost$"]);
    expect(refsBetween(iamPatternTokens(`${pfx}\${aws:username}`), pfx, "")).toEqual(["*"]);
  });

  it("is exact: prefix + ref + suffix matches the pattern iff some returned glob matches the ref", () => {
    const piece = fc.array(fc.constantFrom("a", "b", "/"), { maxLength: 2 }).map((cs) => cs.join(""));
    fc.assert(
      fc.property(globArb, piece, piece, (pattern, prefix, suffix) => {
        const tokens = refGlobTokens(pattern);
        const refs = refsBetween(tokens, prefix, suffix).map(refGlobTokens);
        for (const r of ALL.filter((s) => s.length <= 4)) {
          expect(refs.some((g) => matches(g, r))).toBe(matches(tokens, prefix + r + suffix));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("drops globs another one covers, keeping the union", () => {
    expect(simplestCover(["main", "*", "release/*"])).toEqual(["*"]);
    expect(simplestCover(["release/*", "release/1.*", "main"])).toEqual(["main", "release/*"]);
  });
});
