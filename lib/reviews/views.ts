/**
 * Access reviews as pages, routes and the report show them: plain, serialisable view types and the
 * mapping as it stood when the review opened. Pure: components import these types without
 * touching data code.
 */
import type { MappingStatus } from "@/lib/approvals/transitions";
import type { MappingGrantRow } from "@/lib/mappings/model";
import type { MappingUsageView } from "@/lib/usage/views";
import type { GitLabEvidence, ItemEvidence } from "./evidence";
import type { ReviewDecisionKind, ReviewProgress, ReviewStatus } from "./transitions";

/** The mapping as it stood when the review opened (stored on the item). */
export interface MappingSnapshot extends Omit<MappingGrantRow, "id"> {
  role: { id: string; name: string; arn: string };
  accountId: string;
  requester: { id: string; username: string };
  approvers: string[];
  justification: string;
  requestedAt: string;
  approvedAt: string | null;
}

/** The scope a review was opened for (both empty: every active mapping). */
export interface ReviewScope {
  roleIds: string[];
  accountIds: string[];
}

export interface ReviewSummaryView {
  id: string;
  title: string;
  status: ReviewStatus;
  scope: ReviewScope;
  dueAt: string;
  openedAt: string;
  openedBy: string;
  closedAt: string | null;
  /** Null when it closed by itself with its last decision (or is open). */
  closedBy: string | null;
  progress: ReviewProgress;
}

export interface ReviewItemView {
  id: string;
  mappingId: string;
  mapping: MappingSnapshot;
  /** The mapping's status now. */
  mappingStatus: MappingStatus;
  /** Usernames asked to decide. */
  holders: string[];
  /** Days since the mapping was requested (at decision time once decided). */
  ageDays: number;
  decision: ReviewDecisionKind | null;
  reason: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  /** What the decider saw (null until decided). */
  evidence: ItemEvidence | null;
  /** Undecided after the due date, or decided after it. */
  overdue: boolean;
}

export interface ReviewDetailView {
  review: ReviewSummaryView;
  items: ReviewItemView[];
}

/** One page of a review's items for the review page, with live evidence for undecided ones. */
export interface ReviewPageView {
  review: ReviewSummaryView;
  items: (ReviewItemView & { live: { usage: MappingUsageView | null; gitlab: GitLabEvidence } | null })[];
  show: "undecided" | "decided" | "all";
  page: number;
  pageSize: number;
  total: number;
}

/** Open access reviews with items the user is asked to decide (never items of their own requests): the dashboard's panel. */
export interface ReviewsAwaitingView {
  total: number;
  reviews: { id: string; title: string; dueAt: string; overdue: boolean; items: number }[];
}
