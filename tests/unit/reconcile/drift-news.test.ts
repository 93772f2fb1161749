import { describe, expect, it } from "vitest";
import { driftFindings, driftSummary, isNewDrift, type DriftReport } from "@/lib/reconcile/drift";

const report = (items: DriftReport["items"], unchecked: string[] = []): DriftReport => ({ items, unchecked, drifted: items.some((i) => i.kind !== "pending-change"), inSync: false });

describe("what a drift notification says", () => {
  it("lists what changed out of band, never approved changes waiting for apply", () => {
    const items: DriftReport["items"] = [
      { kind: "pending-change", message: "Approved changes to a are not applied yet" },
      { kind: "managed-statement-edited", message: "The managed statement of a was changed outside trustmap" },
      { kind: "role-deleted", message: "Role b is gone" },
    ];
    expect(driftFindings(items)).toEqual(["The managed statement of a was changed outside trustmap", "Role b is gone"]);
  });

  it("sums the findings up by kind, and says what could not be checked", () => {
    const r = report([
      { kind: "managed-statement-edited", message: "a" },
      { kind: "managed-statement-edited", message: "b" },
      { kind: "variable-deleted", message: "c" },
      { kind: "pending-change", message: "d" },
    ]);
    expect(driftSummary(r)).toBe("2 × managed statement edited, 1 × variable deleted");
    expect(driftSummary({ ...r, unchecked: ["account 1 unreadable"] })).toBe("2 × managed statement edited, 1 × variable deleted; 1 part(s) not checked");
  });
});

describe("drift is announced when it is news", () => {
  it("the first drift, new drift, changed drift and drift after a clean check are news", () => {
    expect(isNewDrift(null, ["a"])).toBe(true);
    expect(isNewDrift([], ["a"])).toBe(true);
    expect(isNewDrift(["a"], ["a", "b"])).toBe(true);
    expect(isNewDrift(["a"], ["b"])).toBe(true);
  });

  it("the same drift again, or part of it, is not", () => {
    expect(isNewDrift(["a", "b"], ["b", "a"])).toBe(false);
    expect(isNewDrift(["a", "b"], ["a"])).toBe(false);
  });

  it("no findings is never news", () => {
    expect(isNewDrift(null, [])).toBe(false);
    expect(isNewDrift(["a"], [])).toBe(false);
  });
});
