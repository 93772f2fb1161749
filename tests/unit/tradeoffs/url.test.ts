import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CRITERIA, type CriterionId } from "@/lib/tradeoffs/criteria";
import { DEFAULT_WEIGHTS, MAX_WEIGHT, MIN_WEIGHT, type Weights } from "@/lib/tradeoffs/score";
import { parseWeights, searchParamsRecord, serializeWeights } from "@/lib/tradeoffs/url";

describe("weights in the URL", () => {
  it("no parameters give the default weights and no note", () => {
    expect(parseWeights({})).toEqual({ weights: DEFAULT_WEIGHTS, notes: [] });
  });

  it("round-trip through the query string", () => {
    const weightsArb = fc.record(Object.fromEntries(CRITERIA.map((c) => [c, fc.integer({ min: MIN_WEIGHT, max: MAX_WEIGHT })])) as Record<CriterionId, fc.Arbitrary<number>>);
    fc.assert(
      fc.property(weightsArb, (w) => {
        const params = Object.fromEntries(new URLSearchParams(serializeWeights(w as Weights)));
        expect(parseWeights(params)).toEqual({ weights: w, notes: [] });
      }),
    );
  });

  it("clamp out-of-range and fractional values, with a note each", () => {
    const { weights, notes } = parseWeights({ rotation: "9", exposure: "-2", privilege: "2.6", compute: "4" });
    expect(weights).toMatchObject({ rotation: 5, exposure: 0, privilege: 3, compute: 4 });
    expect(notes).toHaveLength(3);
    expect(notes[0]).toMatch(/rotation="9" is outside 0–5/);
  });

  it("fall back to the default for garbage, naming the parameter, and never throw", () => {
    const { weights, notes } = parseWeights({ rotation: "abc", exposure: ["1", "5"], temporary: "1e3", mapping: "<script>alert(1)</script>xxxxxxxx" });
    expect(weights).toMatchObject({ rotation: 3, exposure: 1, temporary: 3, mapping: 3 });
    expect(notes).toEqual([
      expect.stringMatching(/^rotation="abc" is not a number from 0 to 5; the default 3 is used\.$/),
      expect.stringMatching(/exposure was given 2 times/),
      expect.stringMatching(/^temporary="1e3" is not a number/),
      expect.stringMatching(/^mapping=".{20}…" is not a number/),
    ]);
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...CRITERIA, "other"), fc.oneof(fc.string(), fc.array(fc.string()))), (params) => {
        const { weights: w } = parseWeights(params);
        for (const c of CRITERIA) expect(Number.isInteger(w[c]) && w[c] >= MIN_WEIGHT && w[c] <= MAX_WEIGHT).toBe(true);
      }),
    );
  });

  it("read a query string as pages get it, repeated keys kept", () => {
    expect(searchParamsRecord(new URLSearchParams("rotation=1&rotation=2&mapping=4"))).toEqual({ rotation: ["1", "2"], mapping: "4" });
  });
});
