import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { globIncludes, globMatches } from "@/lib/policy";
import { canonicalGlob } from "@/lib/policy/glob";
import { globInclusionWitness } from "@/lib/policy/glob-inclusion";
import { minimizePatterns } from "@/lib/policy/minimize";

describe("glob matching (IAM StringLike)", () => {
  it.each([
    ["project_path:team/*", "project_path:team/sub/app:ref_type:branch:ref:main", true],
    ["project_path:team/*", "project_path:team-evil/app:ref_type:branch:ref:main", false],
    ["a?c", "abc", true],
    ["a?c", "ac", false],
    ["a*", "A", false],
    ["*", "", true],
    ["a${*}", "a*", true],
    ["a${*}", "ab", false],
    ["x${$}y", "x$y", true],
    ["a.b", "axb", false],
    ["(a)", "(a)", true],
  ])("%s ~ %s → %s", (pattern, text, expected) => {
    expect(globMatches(pattern, text)).toBe(expected);
  });
});

describe("glob inclusion L(a) ⊆ L(b)", () => {
  it.each([
    ["a", "*", true],
    ["*", "a*", false],
    ["project_path:team/app:*", "project_path:team/*", true],
    ["project_path:team/*", "project_path:team*", true],
    ["project_path:team*", "project_path:team/*", false],
    ["a?c", "a*", true],
    ["a*", "a?*", false],
    ["a?*", "a*", true],
    ["**", "*", true],
    ["*ab*", "*a*b*", true],
    ["*a*b*", "*ab*", false],
    ["a${*}", "a*", true],
    ["a*", "a${*}", false],
    ["project_path:team/*:ref_type:branch:ref:main", "project_path:team/*:ref_type:*:ref:main", true],
    ["project_path:team/*:ref_type:tag:ref:v*", "project_path:team/*:ref_type:branch:ref:*", false],
  ])("%s ⊆ %s → %s", (a, b, expected) => {
    expect(globIncludes(a, b)).toBe(expected);
  });

  const glob = fc.array(fc.constantFrom("a", "b", "*", "?"), { maxLength: 5 }).map((chars) => chars.join(""));

  function words(maxLength: number): string[] {
    const out = [""];
    let frontier = [""];
    for (let n = 1; n <= maxLength; n++) {
      frontier = frontier.flatMap((w) => ["a", "b", "c"].map((ch) => w + ch));
      out.push(...frontier);
    }
    return out;
  }
  const WORDS = words(7);

  it("is exact: a witness is in L(a) \\ L(b); no witness means no counterexample up to length 7", () => {
    fc.assert(
      fc.property(glob, glob, (a, b) => {
        const witness = globInclusionWitness(a, b);
        if (witness !== null) {
          expect(globMatches(a, witness)).toBe(true);
          expect(globMatches(b, witness)).toBe(false);
        } else {
          for (const w of WORDS) if (globMatches(a, w)) expect(globMatches(b, w), `${w} ∈ ${a} but ∉ ${b}`).toBe(true);
        }
      }),
      { numRuns: 400, seed: 7 },
    );
  });

  it("its shortcuts agree with the full search", () => {
    const longer = fc.array(fc.constantFrom("a", "b", "*", "?", "${*}"), { maxLength: 6 }).map((chars) => chars.join(""));
    fc.assert(
      fc.property(longer, longer, (a, b) => {
        expect(globIncludes(a, b)).toBe(globInclusionWitness(a, b) === null);
      }),
      { numRuns: 1000, seed: 11 },
    );
  });

  it("canonical forms keep the language", () => {
    fc.assert(
      fc.property(glob, (a) => {
        const c = canonicalGlob(a);
        expect(globIncludes(a, c) && globIncludes(c, a)).toBe(true);
        expect(c.length).toBeLessThanOrEqual(a.length);
      }),
      { numRuns: 300, seed: 8 },
    );
  });
});

describe("pattern minimisation", () => {
  it("drops duplicates and subsumed patterns, keeps the broadest", () => {
    const result = minimizePatterns([
      "project_path:team/app:ref_type:branch:ref:main",
      "project_path:team/*:ref_type:branch:ref:main",
      "project_path:team/*:ref_type:branch:ref:main",
      "project_path:ops/x:ref_type:tag:ref:v1",
      "project_path:ops/x:ref_type:tag:ref:v**",
    ]);
    expect(result.kept).toEqual(["project_path:ops/x:ref_type:tag:ref:v*", "project_path:team/*:ref_type:branch:ref:main"]);
    expect(result.dropped).toEqual({
      "project_path:team/app:ref_type:branch:ref:main": "project_path:team/*:ref_type:branch:ref:main",
      "project_path:ops/x:ref_type:tag:ref:v1": "project_path:ops/x:ref_type:tag:ref:v*",
      "project_path:ops/x:ref_type:tag:ref:v**": "project_path:ops/x:ref_type:tag:ref:v*",
    });
  });

  it("is independent of input order and never changes the matched set", () => {
    const glob = fc.array(fc.constantFrom("a", "b", "*", "?"), { minLength: 1, maxLength: 4 }).map((chars) => chars.join(""));
    fc.assert(
      fc.property(fc.array(glob, { minLength: 1, maxLength: 6 }), fc.array(fc.constantFrom("a", "b", "c"), { maxLength: 6 }).map((c) => c.join("")), (patterns, word) => {
        const forward = minimizePatterns(patterns).kept;
        expect(minimizePatterns([...patterns].reverse()).kept).toEqual(forward);
        expect(forward.some((p) => globMatches(p, word))).toBe(patterns.some((p) => globMatches(p, word)));
      }),
      { numRuns: 400, seed: 9 },
    );
  });
});
