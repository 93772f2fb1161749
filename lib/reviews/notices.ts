/**
 * Who is asked to decide a review's items, and what each reminder tells them. Pure.
 *
 * lib/reviews/service.ts builds each event with `reviewEvent` and hands it to lib/notify's
 * `notifyInTx` in the transaction of the change it reports (the review opened, a reminder claimed).
 */
import { can, type Role } from "@/lib/auth/permissions";
import type { Actor, NotifyEvent } from "@/lib/notify/events";
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

export type ReviewEventKind = "review.opened" | "review.due_soon" | "review.overdue";

/** A review's notification as lib/notify takes it (`notifyInTx(tx, event)`). */
export type ReviewEvent = Extract<NotifyEvent, { kind: ReviewEventKind }>;

interface EventInput {
  review: { id: string; title: string; dueAt: Date };
  /** The items still undecided, with their holders. */
  items: readonly { holderIds: readonly string[] }[];
}

/**
 * The event telling the holders of a review's undecided items about it: "review.opened" (every
 * item), "review.due_soon" and "review.overdue" (the items still undecided), each holder with how
 * many of those items they hold. lib/notify picks the recipients among them (approvers and admins
 * who have not muted the kind, never the actor).
 */
export function reviewEvent(kind: ReviewEventKind, actor: Actor, input: EventInput): ReviewEvent {
  const counts = new Map<string, number>();
  for (const item of input.items) for (const id of item.holderIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  const holders = [...counts].map(([userId, openItems]) => ({ userId, openItems })).sort((x, y) => x.userId.localeCompare(y.userId));
  return { kind, actor, data: { reviewId: input.review.id, title: input.review.title, dueAt: input.review.dueAt.toISOString(), holders } };
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
