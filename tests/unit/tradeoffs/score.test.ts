import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CRITERIA, MAX_SCORE, MIN_SCORE, SCORES, scoreOf, type CriterionId } from "@/lib/tradeoffs/criteria";
import { METHODS, type MethodId } from "@/lib/tradeoffs/methods";
import { DEFAULT_WEIGHTS, MAX_WEIGHT, MIN_WEIGHT, evaluate, weightedTotal, type Weights } from "@/lib/tradeoffs/score";

const weightsArb = fc.record(Object.fromEntries(CRITERIA.map((c) => [c, fc.integer({ min: MIN_WEIGHT, max: MAX_WEIGHT })])) as Record<CriterionId, fc.Arbitrary<number>>) as fc.Arbitrary<Weights>;
const methodArb = fc.constantFrom(...METHODS);
const criterionArb = fc.constantFrom(...CRITERIA);
const only = (entries: Partial<Weights>): Weights => ({ ...(Object.fromEntries(CRITERIA.map((c) => [c, 0])) as Weights), ...entries });

describe("trade-off scores", () => {
  it("score every method on every criterion within 0–5, each with a rationale and an https source", () => {
    for (const c of CRITERIA) {
      for (const m of METHODS) {
        const s = SCORES[c][m];
        expect(s.score).toBeGreaterThanOrEqual(MIN_SCORE);
        expect(s.score).toBeLessThanOrEqual(MAX_SCORE);
        expect(s.rationale.length).toBeGreaterThan(20);
        expect(s.source.url).toMatch(/^https:\/\//);
      }
    }
  });

  it("recommend OIDC federation with equal weights, explaining where it wins and where it is weaker", () => {
    const { recommendation, ranking } = evaluate(DEFAULT_WEIGHTS);
    expect(ranking[0]).toBe("oidc");
    expect(recommendation).toMatchObject({ kind: "method", method: "oidc" });
    expect(recommendation.explanation).toMatch(/OIDC federation scores highest/);
    expect(recommendation.explanation).toMatch(/weaker on mapping configuration effort/);
  });

  it("recommend static keys to someone who only weighs setup effort", () => {
    expect(evaluate(only({ mapping: 5 })).recommendation).toMatchObject({ kind: "method", method: "static-keys", runnerUp: "instance-role" });
  });

  it("report a tie instead of picking one arbitrarily", () => {
    // Both score 5 on rotation.
    const r = evaluate(only({ rotation: 4 })).recommendation;
    expect(r).toMatchObject({ kind: "tie", methods: ["instance-role", "oidc"] });
    expect(r.explanation).toMatch(/Instance role and OIDC federation score the same/);
  });

  it("give no recommendation and no percentages when every weight is 0", () => {
    const e = evaluate(only({}));
    expect(e.recommendation.kind).toBe("none");
    expect(e.results.every((r) => r.percent === null)).toBe(true);
  });

  it("percentages stay within 0–100 and do not change when every weight is scaled", () => {
    fc.assert(
      fc.property(weightsArb, fc.integer({ min: 2, max: 5 }), (w, k) => {
        const a = evaluate(w).results;
        const scaled = Object.fromEntries(CRITERIA.map((c) => [c, w[c] * k])) as Weights;
        const b = evaluate(scaled).results;
        a.forEach((r, i) => {
          if (r.percent === null) return;
          expect(r.percent).toBeGreaterThanOrEqual(0);
          expect(r.percent).toBeLessThanOrEqual(100);
          expect(b[i]!.percent).toBeCloseTo(r.percent, 9);
        });
      }),
    );
  });

  it("raising the weight of a criterion where A beats B never lowers A relative to B", () => {
    fc.assert(
      fc.property(weightsArb, criterionArb, methodArb, methodArb, fc.integer({ min: 1, max: 5 }), (w, c, a, b, delta) => {
        fc.pre(a !== b && scoreOf(c, a) > scoreOf(c, b));
        const raised = { ...w, [c]: w[c] + delta };
        const before = weightedTotal(a, w) - weightedTotal(b, w);
        const after = weightedTotal(a, raised) - weightedTotal(b, raised);
        expect(after).toBeGreaterThan(before);
        const rank = (ws: Weights, m: MethodId) => evaluate(ws).ranking.indexOf(m);
        if (rank(w, a) < rank(w, b)) expect(rank(raised, a)).toBeLessThan(rank(raised, b));
      }),
    );
  });

  it("the recommended method always has the highest weighted total", () => {
    fc.assert(
      fc.property(weightsArb, (w) => {
        const { recommendation } = evaluate(w);
        if (recommendation.kind !== "method") return;
        for (const m of METHODS) expect(weightedTotal(recommendation.method, w)).toBeGreaterThanOrEqual(weightedTotal(m, w));
        expect(recommendation.strengths.every((s) => s.contribution > 0)).toBe(true);
        expect(recommendation.weaknesses.every((s) => s.contribution < 0)).toBe(true);
      }),
    );
  });
});
