/**
 * Access reviews as pure state transitions: opening, deciding an item, closing, and the progress
 * and overdue marks pages show. No I/O; lib/reviews/service.ts applies the result under the
 * review's and the item's row locks, with the audit event in the same transaction.
 *
 *   review open ──decide item (keep | revoke, reason)──▶ item decided (final)
 *   review open ──last undecided item decided─────────▶ closed (by itself)
 *   review open ──close (auditor/admin)───────────────▶ closed (undecided items stay undecided)
 *
 * Nobody certifies a mapping they requested: refused here as well as by the rule table
 * (lib/auth/permissions.ts, `reviews.decide` with the item's requester) and a CHECK in the database.
 */
import type { MappingStatus } from "@/lib/approvals/transitions";

export type ReviewStatus = "open" | "closed";
export type ReviewDecisionKind = "keep" | "revoke";

export type ReviewRefusalCode = "REVIEW_CLOSED" | "ALREADY_DECIDED" | "SELF_CERTIFICATION" | "REASON_REQUIRED" | "NOT_KEEPABLE" | "DUE_NOT_FUTURE" | "EMPTY_SCOPE";

export interface ReviewRefusal {
  code: ReviewRefusalCode;
  message: string;
}

/** What deciding one item depends on. */
export interface ItemState {
  reviewStatus: ReviewStatus;
  decision: ReviewDecisionKind | null;
  /** Who requested the mapping. */
  requesterId: string;
  /** The mapping's status now (it may have been revoked or expired since the review opened). */
  mappingStatus: MappingStatus;
}

export type ItemTransition =
  | {
      ok: true;
      decision: ReviewDecisionKind;
      reason: string;
      /** Revoke the mapping through the approval workflow's revoke (false: it is no longer approved). */
      revokeMapping: boolean;
    }
  | { ok: false; refusal: ReviewRefusal };

function refuse(code: ReviewRefusalCode, message: string): { ok: false; refusal: ReviewRefusal } {
  return { ok: false, refusal: { code, message } };
}

/**
 * An approver keeps or revokes one item, with a reason. A revoke of a mapping that is no longer
 * approved (revoked or expired since the review opened) is recorded without revoking again; such a
 * mapping cannot be kept.
 */
export function decideItem(state: ItemState, actorId: string, decision: ReviewDecisionKind, reason: string): ItemTransition {
  if (state.reviewStatus !== "open") return refuse("REVIEW_CLOSED", "This review is closed; its decisions are final.");
  if (state.decision !== null) return refuse("ALREADY_DECIDED", `This item was already decided (${state.decision}); a decision is final.`);
  if (actorId === state.requesterId) return refuse("SELF_CERTIFICATION", "Nobody certifies a mapping they requested.");
  const why = reason.trim();
  if (why === "") return refuse("REASON_REQUIRED", `Give a reason to ${decision}.`);
  if (decision === "keep" && state.mappingStatus !== "approved") {
    return refuse("NOT_KEEPABLE", `This mapping is ${state.mappingStatus} now; it cannot be kept (decide revoke to record that it is gone).`);
  }
  return { ok: true, decision, reason: why, revokeMapping: decision === "revoke" && state.mappingStatus === "approved" };
}

/** Close a review by hand (its undecided items stay undecided, and the report says so). */
export function closeReview(state: { status: ReviewStatus }): { ok: true } | { ok: false; refusal: ReviewRefusal } {
  if (state.status !== "open") return refuse("REVIEW_CLOSED", "This review is already closed.");
  return { ok: true };
}

/** Whether a review may open: a due date after now and at least one active mapping in scope. */
export function checkOpen(input: { dueAt: Date; now: Date; mappings: number }): { ok: true } | { ok: false; refusal: ReviewRefusal } {
  if (input.dueAt.getTime() <= input.now.getTime()) return refuse("DUE_NOT_FUTURE", "The due date must be in the future.");
  if (input.mappings === 0) return refuse("EMPTY_SCOPE", "No active mapping is in this scope; there is nothing to review.");
  return { ok: true };
}

/** A `YYYY-MM-DD` due date means the end of that UTC day. */
export function dueAtOf(value: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T23:59:59.999Z`) : new Date(value);
}

export const DUE_SOON_DAYS = 3;
const DAY_MS = 86_400_000;

export interface ReviewProgress {
  total: number;
  decided: number;
  kept: number;
  revoked: number;
  undecided: number;
  /** Whole percent decided (rounded down, so 100 only when everything is). */
  percent: number;
  /** Open, past its due date, with undecided items. */
  overdue: boolean;
  /** Open, due within DUE_SOON_DAYS days, with undecided items. */
  dueSoon: boolean;
}

export function reviewProgress(review: { status: ReviewStatus; dueAt: Date }, counts: { total: number; kept: number; revoked: number }, now: Date): ReviewProgress {
  const decided = counts.kept + counts.revoked;
  const undecided = counts.total - decided;
  const open = review.status === "open" && undecided > 0;
  const left = review.dueAt.getTime() - now.getTime();
  return {
    total: counts.total,
    decided,
    kept: counts.kept,
    revoked: counts.revoked,
    undecided,
    percent: counts.total === 0 ? 100 : Math.floor((decided * 100) / counts.total),
    overdue: open && left < 0,
    dueSoon: open && left >= 0 && left <= DUE_SOON_DAYS * DAY_MS,
  };
}

/** An item is overdue while undecided after its review's due date, or when decided after it. */
export function itemOverdue(review: { dueAt: Date }, item: { decidedAt: Date | null }, now: Date): boolean {
  return (item.decidedAt ?? now).getTime() > review.dueAt.getTime();
}

/** Whole days from `from` to `now` (a mapping's age). */
export function ageInDays(from: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - from.getTime()) / DAY_MS));
}
