import { describe, expect, it } from "vitest";
import { itemHolders, remindersDue, reviewEvent, type Decider } from "@/lib/reviews/notices";

const people: Decider[] = [
  { id: "ada", username: "ada", role: "admin" },
  { id: "avery", username: "avery", role: "approver" },
  { id: "blake", username: "blake", role: "approver" },
];
const NOW = new Date("2026-06-01T12:00:00Z");
const DAY = 86_400_000;

describe("who holds a review item", () => {
  it("the mapping's own approvers who may decide it", () => {
    expect(itemHolders({ requesterId: "ria", approverIds: ["blake"] }, people)).toEqual(["blake"]);
  });

  it("never the requester: when its only approver requested it, every other approver", () => {
    expect(itemHolders({ requesterId: "avery", approverIds: ["avery"] }, people)).toEqual(["blake"]);
  });

  it("admins only when no approver may decide", () => {
    expect(itemHolders({ requesterId: "blake", approverIds: [] }, people.filter((p) => p.id !== "avery"))).toEqual(["ada"]);
  });
});

describe("review notifications", () => {
  it("names each holder with how many undecided items they hold", () => {
    const event = reviewEvent("review.opened", { id: "audra", label: "audra" }, {
      review: { id: "r1", title: "Q2", dueAt: new Date("2026-06-15T23:59:59.999Z") },
      items: [{ holderIds: ["blake"] }, { holderIds: ["avery", "blake"] }],
    });
    expect(event).toEqual({
      kind: "review.opened",
      actor: { id: "audra", label: "audra" },
      data: { reviewId: "r1", title: "Q2", dueAt: "2026-06-15T23:59:59.999Z", holders: [{ userId: "avery", openItems: 1 }, { userId: "blake", openItems: 2 }] },
    });
  });

  const review = { status: "open" as const, dueSoonNotifiedAt: null, overdueNotifiedAt: null, undecided: 2 };

  it("reminds 'due soon' within three days of the due date, once", () => {
    expect(remindersDue({ ...review, dueAt: new Date(NOW.getTime() + 4 * DAY) }, NOW)).toEqual([]);
    expect(remindersDue({ ...review, dueAt: new Date(NOW.getTime() + 2 * DAY) }, NOW)).toEqual(["due_soon"]);
    expect(remindersDue({ ...review, dueAt: new Date(NOW.getTime() + 2 * DAY), dueSoonNotifiedAt: NOW }, NOW)).toEqual([]);
  });

  it("reminds 'overdue' after the due date, once, and never for a closed or fully decided review", () => {
    const past = new Date(NOW.getTime() - DAY);
    expect(remindersDue({ ...review, dueAt: past }, NOW)).toEqual(["overdue"]);
    expect(remindersDue({ ...review, dueAt: past, overdueNotifiedAt: NOW }, NOW)).toEqual([]);
    expect(remindersDue({ ...review, dueAt: past, status: "closed" }, NOW)).toEqual([]);
    expect(remindersDue({ ...review, dueAt: past, undecided: 0 }, NOW)).toEqual([]);
  });
});
