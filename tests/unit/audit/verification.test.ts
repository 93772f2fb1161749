import { describe, expect, it } from "vitest";
import { compareWithCheckpoint, summarizeVerification, type AuditCheckpoint } from "@/lib/audit/verification";

const CHECKPOINT: AuditCheckpoint = { id: "40", hash: "a".repeat(64), count: 40, at: "2026-12-01T10:00:00.000Z", alg: "hmac-sha256" };
const AT_CHECKPOINT = { hash: CHECKPOINT.hash, position: 40 };

describe("comparing the chain with the latest checkpoint", () => {
  it("no checkpoint yet is its own finding, and the summary says so without calling it tampering", () => {
    const finding = compareWithCheckpoint(null, { total: 3, atCheckpoint: null });
    expect(finding).toEqual({ status: "none" });
    expect(summarizeVerification({ ok: true, checked: 3 }, finding)).toEqual({
      ok: true,
      checked: 3,
      checkpoint: finding,
      summary: "Chain intact: 3 events verified. No checkpoint yet: nothing outside the database to compare the end of the chain with.",
    });
  });

  it("matches when the checkpointed event is there with its link, at its position (later events allowed)", () => {
    const finding = compareWithCheckpoint(CHECKPOINT, { total: 55, atCheckpoint: AT_CHECKPOINT });
    expect(finding).toEqual({ status: "matches", checkpoint: CHECKPOINT });
    expect(summarizeVerification({ ok: true, checked: 55 }, finding).summary).toBe("Chain intact: 55 events verified; the checkpoint of 2026-12-01T10:00:00.000Z (event #40, 40 events) matches.");
  });

  it("a chain shorter than the checkpoint: the events missing from its end are counted", () => {
    const finding = compareWithCheckpoint(CHECKPOINT, { total: 37, atCheckpoint: null });
    expect(finding).toMatchObject({ status: "missing", missing: 3 });
    const verdict = summarizeVerification({ ok: true, checked: 37 }, finding);
    expect(verdict).toMatchObject({ ok: false, brokenAtId: "40" });
    expect(verdict.summary).toBe("Events missing: the chain has 37 events but the checkpoint of 2026-12-01T10:00:00.000Z (event #40, 40 events) counted 40: 3 missing from its end (37 events verified in what is left).");
  });

  it.each([
    ["the checkpointed event is gone though as many events follow", { total: 41, atCheckpoint: null }, /event #40 of the checkpoint .* is gone/],
    ["its link changed (the chain was rewritten)", { total: 40, atCheckpoint: { hash: "b".repeat(64), position: 40 } }, /no longer has the link .* rewritten/],
    ["events before it are gone", { total: 38, atCheckpoint: { hash: CHECKPOINT.hash, position: 38 } }, /2 of the events up to #40 are missing/],
    ["events were slipped in before it", { total: 42, atCheckpoint: { hash: CHECKPOINT.hash, position: 42 } }, /now number 42 in the chain, not 40 as in the checkpoint/],
  ])("reports missing events when %s", (_what, seen, reason) => {
    const finding = compareWithCheckpoint(CHECKPOINT, seen);
    expect(finding).toMatchObject({ status: "missing", reason: expect.stringMatching(reason) });
    expect(summarizeVerification({ ok: true, checked: seen.total }, finding).ok).toBe(false);
  });

  it("a broken chain is reported as the broken link, whatever the checkpoint", () => {
    const verdict = summarizeVerification({ ok: false, checked: 4, brokenAtId: "5", reason: "content does not match its hash: the event was edited" }, { status: "not-compared", checkpoint: CHECKPOINT });
    expect(verdict).toMatchObject({ ok: false, brokenAtId: "5", summary: "Chain broken at event #5: content does not match its hash: the event was edited (4 events before it verified)." });
  });
});
