/**
 * The linear wildcard matcher (lib/policy/glob-match.ts) replaced RegExps built from policy data.
 * Properties: on small random patterns and inputs it agrees EXACTLY with the old RegExp code (copied
 * into support/regex-oracle.ts); regressions: inputs that froze the old code answer quickly.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate, globIncludes, globMatches, lintTrustPolicy, withoutTrailingSlashes } from "@/lib/policy";
import { globInclusionWitness } from "@/lib/policy/glob-inclusion";
import { foldCase, foldCode } from "@/lib/policy/glob-match";
import { parsePolicyDocument } from "@/lib/policy/parse";
import { actionPatternMatches, preparePolicy, WEB_IDENTITY_ACTION } from "@/lib/policy/prepare";
import { isProtectedBy, protectedRefMatches } from "@/lib/gitlab/protected-ref";
import { keyClassifier } from "@/lib/inventory/patterns";
import { oldActionPatternMatches, oldEqualsIgnoringCase, oldInventoryKeyMatches, oldProtectedRefMatches, oldStringHit } from "./support/regex-oracle";

const PROVIDER = "arn:aws:iam::123456789012:oidc-provider/gitlab.example.com";
const ISS = "https://gitlab.example.com";
const SUB_KEY = "gitlab.example.com:sub";

/** Characters whose case folding is special for RegExp `i` without `u` (ß → SS, ſ, Kelvin K, ı, İ, ǅ, µ/μ, é/É). */
const CASE_CHARS = ["a", "A", "b", "B", "s", "S", "k", "K", "i", "I", "ß", "ſ", "\u212A", "ı", "İ", "ǅ", "Ǆ", "ǆ", "µ", "μ", "Μ", "é", "É", "ÿ", "Ÿ", "\uD801", "\uDC00"];
const SPECIAL = ["*", "?", "/", ":", "$", "{", "}", ".", "\\", "(", "[", "^", "|", "+", "\n", " "];

function textOf(parts: readonly string[], maxLength: number): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...parts), { maxLength }).map((chars) => chars.join(""));
}

/** One condition's prepared hit test, through the real parse → prepare path. */
function hitTest(operator: string, values: string[], version: "2012-10-17" | "2008-10-17") {
  const parsed = parsePolicyDocument({ Version: version, Statement: [{ Effect: "Allow", Principal: "*", Action: WEB_IDENTITY_ACTION, Condition: { [operator]: { [SUB_KEY]: values } } }] });
  if (!parsed.ok) throw new Error(parsed.error.message);
  const condition = preparePolicy(parsed.policy).statements[0]?.conditions[0];
  if (condition === undefined) throw new Error("no condition");
  return condition.hit;
}

const KINDS = {
  StringLike: { wildcards: true, ignoreCase: false },
  StringNotLike: { wildcards: true, ignoreCase: false },
  StringEquals: { wildcards: false, ignoreCase: false },
  StringEqualsIgnoreCase: { wildcards: false, ignoreCase: true },
  "ForAnyValue:StringNotEqualsIgnoreCaseIfExists": { wildcards: false, ignoreCase: true },
  "ForAllValues:StringLikeIfExists": { wildcards: true, ignoreCase: false },
} as const;

const VARIABLE_PARTS = ["${v}", "${V}", "${w, 'x*'}", "${w, ''}", "${nope}", "${*}", "${?}", "${$}", "${", "}"];
const VALUE_PARTS = [...SPECIAL, "a", "A", "b", "ab", "ß", "ſ", "\u212A", "k"];
const REQUEST_PARTS = ["a", "A", "b", "ab", "*", "?", "/", ":", "$", "{", "}", "x*", "ß", "SS", "ſ", "s", "S", "\u212A", "k", "K", "\n", "${v}"];

const contextArb = fc.record({
  v: fc.option(textOf(["a", "b", "A", "*", "?", "$", "{", "}", "/"], 4), { nil: undefined }),
  w: fc.option(fc.constantFrom("", "b", "x*"), { nil: undefined }),
});

function lookup(context: { v?: string | undefined; w?: string | undefined }): Map<string, string> {
  const map = new Map<string, string>();
  if (context.v !== undefined) map.set("v", context.v);
  if (context.w !== undefined) map.set("w", context.w);
  return map;
}

describe("string condition values: the linear matcher agrees with the old RegExp code", () => {
  it.each(Object.entries(KINDS))("%s: same first hit (or none / unresolved) for values with and without variables", (operator, kind) => {
    fc.assert(
      fc.property(
        fc.array(textOf([...VALUE_PARTS, ...VARIABLE_PARTS], 6), { minLength: 1, maxLength: 5 }),
        textOf(REQUEST_PARTS, 6),
        contextArb,
        fc.constantFrom("2012-10-17" as const, "2008-10-17" as const),
        (values, request, context, version) => {
          const map = lookup(context);
          expect(hitTest(operator, values, version)(request, map)).toBe(oldStringHit(values, kind, version === "2012-10-17", request, map));
        },
      ),
      { numRuns: 1500, seed: 41 },
    );
  });

  it("StringLike values that often match: requests built from the values themselves", () => {
    const valueArb = fc.array(textOf(["a", "b", "*", "?", "/", ":", "$", "{", "}", "${v}", "${*}", "${?}", "${$}"], 8), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(valueArb, fc.nat(3), textOf(["", "a", "b", "ab", "/", ":"], 3), contextArb, (values, pick, filler, context) => {
        const source = values[pick % values.length] as string;
        // Instantiate the value: wildcards become filler text, so the request is likely to match.
        const request = source.replace(/\$\{[^}]*\}/g, (m) => (m === "${*}" ? "*" : m === "${?}" ? "?" : m === "${$}" ? "$" : (context.v ?? "a"))).replace(/[*?]/g, filler);
        const map = lookup(context);
        expect(hitTest("StringLike", values, "2012-10-17")(request, map)).toBe(oldStringHit(values, KINDS.StringLike, true, request, map));
      }),
      { numRuns: 1500, seed: 43 },
    );
  });
});

/** A text with its case changed: all upper, all lower, or unit by unit. */
function recased(text: string, how: number, flips: readonly boolean[]): string {
  if (how === 0) return text.toUpperCase();
  if (how === 1) return text.toLowerCase();
  return [...text].map((ch, i) => (flips[i % Math.max(1, flips.length)] ? ch.toUpperCase() : ch.toLowerCase())).join("");
}

describe("IgnoreCase: case folding is exactly the RegExp `i` flag without `u`", () => {
  it("StringEqualsIgnoreCase values (with and without variables) against re-cased requests: same first hit", () => {
    const valueArb = fc.array(textOf([...CASE_CHARS, "${v}", "${w, 'x*'}"], 4), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(valueArb, fc.nat(3), fc.nat(2), fc.array(fc.boolean(), { maxLength: 4 }), contextArb, (values, pick, how, flips, context) => {
        const map = lookup(context);
        const source = (values[pick % values.length] as string).replace("${v}", context.v ?? "").replace("${w, 'x*'}", context.w || "x*");
        const request = recased(source, how, flips);
        for (const operator of ["StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase"]) {
          expect(hitTest(operator, values, "2012-10-17")(request, map)).toBe(oldStringHit(values, KINDS.StringEqualsIgnoreCase, true, request, map));
        }
      }),
      { numRuns: 3_000, seed: 44 },
    );
  });


  it("every UTF-16 code unit matches, ignoring case, every unit with the same fold", () => {
    const classes = new Map<number, number[]>();
    for (let code = 0; code < 65536; code++) {
      const fold = foldCode(code);
      const members = classes.get(fold);
      if (members === undefined) classes.set(fold, [code]);
      else members.push(code);
    }
    for (const members of classes.values()) {
      if (members.length === 1) continue;
      for (const a of members) for (const b of members) expect(oldEqualsIgnoringCase(String.fromCharCode(a), String.fromCharCode(b)), `${a} ~ ${b}`).toBe(true);
    }
  });

  it("two texts are equal ignoring case exactly when their folds are equal", () => {
    const caseRelated: number[] = [];
    for (let code = 0; code < 65536; code++) if (foldCode(code) !== code || String.fromCharCode(code).toLowerCase() !== String.fromCharCode(code)) caseRelated.push(code);
    const unit = fc.oneof(fc.constantFrom(...CASE_CHARS), fc.constantFrom(...caseRelated).map((c) => String.fromCharCode(c)), fc.integer({ min: 0, max: 65535 }).map((c) => String.fromCharCode(c)));
    const text = fc.array(unit, { maxLength: 3 }).map((units) => units.join(""));
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(foldCase(a) === foldCase(b)).toBe(oldEqualsIgnoringCase(a, b));
      }),
      { numRuns: 10_000, seed: 45 },
    );
    // And with b derived from a by changing case, so that "equal" cases are frequent.
    fc.assert(
      fc.property(text, fc.boolean(), (a, upper) => {
        const b = upper ? a.toUpperCase() : a.toLowerCase();
        expect(foldCase(a) === foldCase(b)).toBe(oldEqualsIgnoringCase(a, b));
      }),
      { numRuns: 5_000, seed: 46 },
    );
  });
});

describe("action patterns: the linear matcher agrees with the old RegExp code", () => {
  it("same answer for random patterns and actions (service exact ignoring case, action name a case-insensitive glob)", () => {
    const name = textOf(["a", "A", "s", "S", "R", "r", "ole", "*", "?", "$", "{", "}", ".", "/", "\\", "(", " ", "\n", "ß", "ſ", "\u212A", "k", ":"], 6);
    const service = fc.constantFrom("sts", "STS", "Sts", "s3", "", "*");
    const pattern = fc.oneof(
      fc.tuple(service, name).map(([s, n]) => `${s}:${n}`),
      fc.constantFrom("*", "**", "sts:*", "sts:AssumeRole*", "sts:assumerolewithwebidentity", "sts:AssumeRoleWith?ebIdentity", "sts:*Web*", "sts:AssumeRoleWithWebIdentity:x"),
    );
    const action = fc.oneof(fc.constant(WEB_IDENTITY_ACTION), fc.tuple(service, name).map(([s, n]) => `${s}:${n}`));
    fc.assert(
      fc.property(pattern, action, (p, a) => {
        expect(actionPatternMatches(p, a)).toBe(oldActionPatternMatches(p, a));
      }),
      { numRuns: 5_000, seed: 47 },
    );
  });

  it("same answer for actions derived from the pattern (wildcards filled, case changed)", () => {
    const name = textOf(["a", "s", "ole", "*", "?", "$", "{", ".", "ß", "ſ", "\u212A", "k", "ı", "µ"], 6);
    fc.assert(
      fc.property(name, fc.constantFrom("", "x", "Ss", "K"), fc.nat(2), fc.array(fc.boolean(), { maxLength: 4 }), (n, filler, how, flips) => {
        const pattern = `sts:${n}`;
        const action = `STS:${recased(n.replace(/[*?]/g, filler), how, flips)}`;
        expect(actionPatternMatches(pattern, action)).toBe(oldActionPatternMatches(pattern, action));
      }),
      { numRuns: 5_000, seed: 48 },
    );
  });
});

describe("glob inclusion stays exact and bounded", () => {
  const glob = textOf(["a", "b", "/", ":", "$", "{", "}", "*", "*", "?", "${*}", "${?}"], 8);
  it("globIncludes agrees with the full witness search (also when b has no `?`)", () => {
    const noOne = textOf(["a", "b", "/", ":", "*", "*", "${?}"], 9);
    fc.assert(
      fc.property(fc.oneof(glob, noOne), fc.oneof(glob, noOne), (a, b) => {
        expect(globIncludes(a, b)).toBe(globInclusionWitness(a, b) === null);
      }),
      { numRuns: 3_000, seed: 49 },
    );
  });

  it("answers within bounds for 50-star globs", () => {
    const start = performance.now();
    expect(globIncludes("a*".repeat(50), "*a".repeat(50))).toBe(false);
    expect(globIncludes("*ab".repeat(50) + "*", "*a*b".repeat(50) + "*")).toBe(true);
    expect(globIncludes("*a".repeat(50) + "*", "*a?".repeat(25) + "*")).toBe(false);
    expect(globIncludes("?*".repeat(50), "*?".repeat(49) + "*")).toBe(true);
    expect(performance.now() - start).toBeLessThan(250);
  });
});

describe("GitLab protected-ref wildcards: the linear matcher agrees with the old RegExp code", () => {
  const parts = ["*", "*", "?", "/", ".", "-", "a", "A", "b", "$", "{", "}", "(", "[", "]", "\\", "|", "+", "^", "\n"];
  it("same answer for random rules and refs, and for refs derived from the rule", () => {
    fc.assert(
      fc.property(textOf(parts, 7), textOf(parts.filter((p) => p !== "*"), 7), textOf(["", "a", "/", "a/b", "?", "\n"], 2), (rule, ref, filler) => {
        expect(protectedRefMatches(rule, ref)).toBe(oldProtectedRefMatches(rule, ref));
        const derived = rule.replace(/\*/g, filler);
        expect(protectedRefMatches(rule, derived)).toBe(oldProtectedRefMatches(rule, derived));
      }),
      { numRuns: 5_000, seed: 51 },
    );
  });

  it("a rule like *a*a*a*c against a 10,000-character branch name answers at once", () => {
    const start = performance.now();
    expect(isProtectedBy(["*a*a*a*ac", "*a".repeat(50) + "c"], "a".repeat(10_000) + "b")).toBe(false);
    expect(performance.now() - start).toBeLessThan(250);
  });
});

describe("inventory key patterns: the linear matcher agrees with the old RegExp code", () => {
  const parts = ["*", "*", "?", "_", "a", "A", "K", "k", "s", "S", "ſ", "\u212A", "ß", ".", "$", "\n", "\r", "\u2028"];
  it("same kind for random patterns and keys, and for keys derived from the pattern (case changed)", () => {
    fc.assert(
      fc.property(textOf(parts, 6), textOf(parts.filter((p) => p !== "*"), 6), textOf(["", "a", "_X", "\n", "sS"], 2), fc.boolean(), (pattern, key, filler, upper) => {
        const classify = keyClassifier({ groups: [], accessKeyIdPatterns: ["NEVER"], secretKeyPatterns: [pattern], roleArnPatterns: ["NEVER"] });
        const derived = pattern.replace(/\*/g, filler);
        for (const k of [key, derived, upper ? derived.toUpperCase() : derived.toLowerCase()]) {
          expect(classify(k) === "secret_access_key", `${JSON.stringify(pattern)} ~ ${JSON.stringify(k)}`).toBe(oldInventoryKeyMatches(pattern, k));
        }
      }),
      { numRuns: 5_000, seed: 53 },
    );
  });

  it("a 50-star pattern against a 10,000-character key answers at once", () => {
    const classify = keyClassifier({ groups: [], accessKeyIdPatterns: ["*a".repeat(50) + "c"], secretKeyPatterns: ["*A*A*AC"], roleArnPatterns: ["*_ROLE_ARN"] });
    const start = performance.now();
    expect(classify("a".repeat(10_000) + "b")).toBe(null);
    expect(performance.now() - start).toBeLessThan(250);
  });
});

function likePolicy(operator: string, value: string) {
  return { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: PROVIDER }, Action: WEB_IDENTITY_ACTION, Condition: { [operator]: { [SUB_KEY]: value } } }] };
}

function timedDecision(policy: unknown, sub: string): { decision: string; ms: number } {
  const start = performance.now();
  const result = evaluate({ policy, claims: { iss: ISS, sub }, providerArn: PROVIDER });
  const ms = performance.now() - start;
  if (!result.ok) throw new Error(result.error.message);
  return { decision: result.decision, ms };
}

describe("no request can freeze the evaluator", () => {
  const FREEZE_SUB = "a".repeat(10_000) + "b";

  it("'*a*a*ac' against 'a'×10,000 + 'b' (the old RegExp never answered) is decided at once", () => {
    const { decision, ms } = timedDecision(likePolicy("StringLike", "*a*a*ac"), FREEZE_SUB);
    expect(decision).toBe("ImplicitDeny");
    expect(ms).toBeLessThan(250);
  });

  it("a 50-star pattern against a 10,000-character value is decided at once, matching or not", () => {
    const stars50 = "*a".repeat(48) + "*" + "a".repeat(64) + "c*";
    expect(timedDecision(likePolicy("StringLike", stars50), FREEZE_SUB).ms).toBeLessThan(250);
    expect(timedDecision(likePolicy("StringLike", stars50), FREEZE_SUB).decision).toBe("ImplicitDeny");
    const matching = timedDecision(likePolicy("StringLike", "*a".repeat(49) + "*b"), FREEZE_SUB);
    expect(matching).toMatchObject({ decision: "Allow" });
    expect(matching.ms).toBeLessThan(250);
    const negated = timedDecision(likePolicy("StringNotLike", "*a?".repeat(25) + "*c"), FREEZE_SUB);
    expect(negated).toMatchObject({ decision: "Allow" });
    expect(negated.ms).toBeLessThan(250);
  });

  it("values with policy variables resolved at request time stay linear too", () => {
    const policy = likePolicy("StringLike", "*${aws:username}*a*a*a*a*ac");
    const start = performance.now();
    const result = evaluate({ policy, claims: { iss: ISS, sub: FREEZE_SUB }, providerArn: PROVIDER, context: { "aws:username": "a" } });
    expect(performance.now() - start).toBeLessThan(250);
    expect(result.ok && result.decision).toBe("ImplicitDeny");
  });

  it("a long IgnoreCase value and a long action pattern are decided at once", () => {
    const long = "Ab".repeat(5_000);
    expect(timedDecision(likePolicy("StringEqualsIgnoreCase", long), long.toLowerCase())).toMatchObject({ decision: "Allow" });
    const start = performance.now();
    expect(actionPatternMatches("sts:" + "*a".repeat(50) + "c", "sts:" + "A".repeat(10_000) + "b")).toBe(false);
    expect(performance.now() - start).toBeLessThan(250);
  });

  it("globMatches (access views, reconciler) on the freeze input answers at once", () => {
    const start = performance.now();
    expect(globMatches("*a*a*ac", FREEZE_SUB)).toBe(false);
    expect(globMatches("*a".repeat(49) + "*?", FREEZE_SUB)).toBe(true);
    expect(performance.now() - start).toBeLessThan(250);
  });
});

describe("fixed RegExps that backtracked quadratically are gone", () => {
  it("withoutTrailingSlashes strips trailing slashes like replace(/\\/+$/, '') did, in linear time", () => {
    fc.assert(
      fc.property(textOf(["/", "a", ":", "\n"], 8), (url) => {
        expect(withoutTrailingSlashes(url)).toBe(url.replace(/\/+$/, ""));
      }),
      { numRuns: 2_000, seed: 55 },
    );
    const start = performance.now();
    const long = "https://gitlab.example.com" + "/".repeat(200_000) + "x";
    expect(withoutTrailingSlashes(long)).toBe(long);
    expect(withoutTrailingSlashes("https://gitlab.example.com///")).toBe("https://gitlab.example.com");
    expect(performance.now() - start).toBeLessThan(250);
  });

  function lintMessages(sub: string): string[] {
    const policy = likePolicy("StringLike", sub);
    const result = lintTrustPolicy(policy, { quota: 8192 });
    if (!result.ok) throw new Error(result.error.message);
    return result.findings.map((f) => f.message);
  }

  it("the linter's look-alike namespace is the text before the first wildcard, found in linear time", () => {
    expect(lintMessages("project_path:te*am/app:ref_type:branch:ref:main").join("\n")).toContain("(e.g. 'te-evil')");
    expect(lintMessages("project_path:team/ap?p:ref_type:branch:ref:main").join("\n")).toContain("such as 'ap-evil'");
    const start = performance.now();
    const messages = lintMessages("project_path:t" + "*".repeat(50_000) + "\nx/app:ref_type:branch:ref:main").join("\n");
    expect(performance.now() - start).toBeLessThan(250);
    // `.` never crossed the line break, so the old RegExp left such a name whole.
    expect(messages).toContain("(e.g. 't" + "*".repeat(50_000) + "\nx-evil')");
  });
});
