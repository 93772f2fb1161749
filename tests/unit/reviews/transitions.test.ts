import { describe, expect, it } from "vitest";
import { ageInDays, checkOpen, closeReview, decideItem, dueAtOf, itemOverdue, reviewProgress, type ItemState } from "@/lib/reviews/transitions";

const open: ItemState = { reviewStatus: "open", decision: null, requesterId: "ria", mappingStatus: "approved" };
const NOW = new Date("2026-06-01T12:00:00Z");
const DAY = 86_400_000;

describe("deciding a review item", () => {
  it("keeps or revokes with a trimmed reason; a revoke of an approved mapping revokes it", () => {
    expect(decideItem(open, "avery", "keep", "  still deploys  ")).toEqual({ ok: true, decision: "keep", reason: "still deploys", revokeMapping: false });
    expect(decideItem(open, "avery", "revoke", "unused")).toEqual({ ok: true, decision: "revoke", reason: "unused", revokeMapping: true });
  });

  it("nobody certifies a mapping they requested, whatever they decide", () => {
    for (const d of ["keep", "revoke"] as const) {
      expect(decideItem(open, "ria", d, "mine")).toEqual({ ok: false, refusal: { code: "SELF_CERTIFICATION", message: "Nobody certifies a mapping they requested." } });
    }
  });

  it("a decision is final, and a closed review takes none", () => {
    expect(decideItem({ ...open, decision: "keep" }, "avery", "revoke", "changed my mind")).toMatchObject({ ok: false, refusal: { code: "ALREADY_DECIDED" } });
    expect(decideItem({ ...open, reviewStatus: "closed" }, "avery", "keep", "late")).toMatchObject({ ok: false, refusal: { code: "REVIEW_CLOSED" } });
  });

  it("needs a reason that is more than blanks", () => {
    expect(decideItem(open, "avery", "keep", "   ")).toMatchObject({ ok: false, refusal: { code: "REASON_REQUIRED" } });
  });

  it("a mapping revoked or expired since the review opened cannot be kept; revoking records it without revoking again", () => {
    for (const mappingStatus of ["revoked", "expired"] as const) {
      expect(decideItem({ ...open, mappingStatus }, "avery", "keep", "x")).toMatchObject({ ok: false, refusal: { code: "NOT_KEEPABLE" } });
      expect(decideItem({ ...open, mappingStatus }, "avery", "revoke", "gone")).toEqual({ ok: true, decision: "revoke", reason: "gone", revokeMapping: false });
    }
  });
});

describe("opening and closing a review", () => {
  it("opens only with a future due date and something in scope", () => {
    expect(checkOpen({ dueAt: new Date(NOW.getTime() + DAY), now: NOW, mappings: 3 })).toEqual({ ok: true });
    expect(checkOpen({ dueAt: NOW, now: NOW, mappings: 3 })).toMatchObject({ ok: false, refusal: { code: "DUE_NOT_FUTURE" } });
    expect(checkOpen({ dueAt: new Date(NOW.getTime() + DAY), now: NOW, mappings: 0 })).toMatchObject({ ok: false, refusal: { code: "EMPTY_SCOPE" } });
  });

  it("a due date given as a day means the end of that UTC day", () => {
    expect(dueAtOf("2026-06-15").toISOString()).toBe("2026-06-15T23:59:59.999Z");
    expect(dueAtOf("2026-06-15T08:00:00Z").toISOString()).toBe("2026-06-15T08:00:00.000Z");
  });

  it("closes an open review once", () => {
    expect(closeReview({ status: "open" })).toEqual({ ok: true });
    expect(closeReview({ status: "closed" })).toMatchObject({ ok: false, refusal: { code: "REVIEW_CLOSED" } });
  });
});

describe("progress and overdue marks", () => {
  const due = new Date(NOW.getTime() + 2 * DAY);

  it("counts decisions and rounds the percentage down (100 only when all are decided)", () => {
    expect(reviewProgress({ status: "open", dueAt: due }, { total: 3, kept: 1, revoked: 1 }, NOW)).toEqual({ total: 3, decided: 2, kept: 1, revoked: 1, undecided: 1, percent: 66, overdue: false, dueSoon: true });
  });

  it("an open review past its due date with undecided items is overdue; a closed or finished one never", () => {
    const late = new Date(NOW.getTime() + 3 * DAY);
    expect(reviewProgress({ status: "open", dueAt: due }, { total: 2, kept: 1, revoked: 0 }, late).overdue).toBe(true);
    expect(reviewProgress({ status: "closed", dueAt: due }, { total: 2, kept: 1, revoked: 0 }, late).overdue).toBe(false);
    expect(reviewProgress({ status: "open", dueAt: due }, { total: 2, kept: 1, revoked: 1 }, late).overdue).toBe(false);
  });

  it("is due soon only within three days of its due date", () => {
    expect(reviewProgress({ status: "open", dueAt: new Date(NOW.getTime() + 4 * DAY) }, { total: 1, kept: 0, revoked: 0 }, NOW).dueSoon).toBe(false);
    expect(reviewProgress({ status: "open", dueAt: new Date(NOW.getTime() + 3 * DAY) }, { total: 1, kept: 0, revoked: 0 }, NOW).dueSoon).toBe(true);
  });

  it("an item is overdue while undecided after the due date, or when it was decided after it", () => {
    expect(itemOverdue({ dueAt: due }, { decidedAt: null }, NOW)).toBe(false);
    expect(itemOverdue({ dueAt: due }, { decidedAt: null }, new Date(due.getTime() + 1))).toBe(true);
    expect(itemOverdue({ dueAt: due }, { decidedAt: NOW }, new Date(due.getTime() + DAY))).toBe(false);
    expect(itemOverdue({ dueAt: due }, { decidedAt: new Date(due.getTime() + 1) }, new Date(due.getTime() + DAY))).toBe(true);
  });

  it("a mapping's age is whole days, never negative", () => {
    expect(ageInDays(new Date(NOW.getTime() - 2.5 * DAY), NOW)).toBe(2);
    expect(ageInDays(new Date(NOW.getTime() + DAY), NOW)).toBe(0);
  });
});
