/**
 * Who is asked to decide a review's items, and what each reminder tells them. Pure.
 *
 * The notifications domain (lib/notify) sends these: one function per event computes its
 * recipients and payload — `reviewOpenedNotice`, `reviewDueSoonNotice`, `reviewOverdueNotice` —
 * and lib/reviews/service.ts computes each in the transaction of the change it reports (marked
 * `NOTIFY:` there), where `notifyInTx(tx, notice)` goes once lib/notify is merged.
 */
import { can, type Role } from "@/lib/auth/permissions";
import { DUE_SOON_DAYS, type ReviewStatus } from "./transitions";

export interface Decider {
  id: string;
  username: string;
  role: Role;
}

/**
 * The people who hold an item (asked to decide it, reminded): the mapping's own approvers who may
 * still decide it; when none can, every approver who may (never the requester). Admins decide too,
 * but are asked only when no approver can.
 */
export function itemHolders(mapping: { requesterId: string; approverIds: readonly string[] }, deciders: readonly Decider[]): string[] {
  const may = (d: Decider) => can({ id: d.id, role: d.role }, "reviews.decide", { requesterId: mapping.requesterId });
  const own = deciders.filter((d) => mapping.approverIds.includes(d.id) && may(d));
  if (own.length > 0) return own.map((d) => d.id);
  const approvers = deciders.filter((d) => d.role === "approver" && may(d));
  if (approvers.length > 0) return approvers.map((d) => d.id);
  return deciders.filter(may).map((d) => d.id);
}

export type ReviewNoticeEvent = "review.opened" | "review.due_soon" | "review.overdue";

/** What one notification tells its recipients (the lead's notifyInTx takes it as is). */
export interface ReviewNotice {
  event: ReviewNoticeEvent;
  review: { id: string; title: string; dueAt: string };
  /** Relative link to the review's page. */
  link: string;
  /** Each holder of undecided items, with how many they hold. */
  recipients: { userId: string; username: string; items: number }[];
  /** One line, e.g. "Access review “Q3” is due in 3 days: 4 of your items are undecided." */
  summary: string;
}

interface NoticeInput {
  review: { id: string; title: string; dueAt: Date };
  /** Undecided items with their holders. */
  items: readonly { holderIds: readonly string[] }[];
  users: ReadonlyMap<string, { username: string }>;
}

function recipientsOf(input: NoticeInput): ReviewNotice["recipients"] {
  const counts = new Map<string, number>();
  for (const item of input.items) for (const id of item.holderIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts]
    .flatMap(([userId, items]) => {
      const user = input.users.get(userId);
      return user ? [{ userId, username: user.username, items }] : [];
    })
    .sort((a, b) => a.username.localeCompare(b.username));
}

function notice(event: ReviewNoticeEvent, input: NoticeInput, when: string): ReviewNotice {
  const { review } = input;
  return {
    event,
    review: { id: review.id, title: review.title, dueAt: review.dueAt.toISOString() },
    link: `/reviews/${review.id}`,
    recipients: recipientsOf(input),
    summary: `Access review “${review.title}” ${when}: ${input.items.length} item${input.items.length === 1 ? "" : "s"} to decide (keep or revoke, with a reason).`,
  };
}

/** "review opened": every holder of an item. */
export function reviewOpenedNotice(input: NoticeInput): ReviewNotice {
  return notice("review.opened", input, `was opened, due ${input.review.dueAt.toISOString().slice(0, 10)}`);
}

/** "due in 3 days": the holders of items still undecided. */
export function reviewDueSoonNotice(input: NoticeInput): ReviewNotice {
  return notice("review.due_soon", input, `is due ${input.review.dueAt.toISOString().slice(0, 10)} (within ${DUE_SOON_DAYS} days)`);
}

/** "overdue": the holders of items still undecided. */
export function reviewOverdueNotice(input: NoticeInput): ReviewNotice {
  return notice("review.overdue", input, `is overdue (was due ${input.review.dueAt.toISOString().slice(0, 10)})`);
}

/**
 * Which reminders a review needs now, each once per review: "due soon" from DUE_SOON_DAYS days
 * before the due date until it passes, "overdue" after it; none once closed or fully decided.
 */
export function remindersDue(
  review: { status: ReviewStatus; dueAt: Date; dueSoonNotifiedAt: Date | null; overdueNotifiedAt: Date | null; undecided: number },
  now: Date,
): ("due_soon" | "overdue")[] {
  if (review.status !== "open" || review.undecided === 0) return [];
  const left = review.dueAt.getTime() - now.getTime();
  if (left < 0) return review.overdueNotifiedAt === null ? ["overdue"] : [];
  if (left <= DUE_SOON_DAYS * 86_400_000 && review.dueSoonNotifiedAt === null) return ["due_soon"];
  return [];
}
