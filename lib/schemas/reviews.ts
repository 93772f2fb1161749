/**
 * Access reviews at trustmap's boundaries (issue #14): `POST /api/v1/reviews`,
 * `GET /api/v1/reviews/:id`, `POST /api/v1/reviews/:id/items/:itemId`, the review forms' actions.
 */
import { z } from "zod";
import { queryInt, safeText } from "./common";

const isoTime = z.iso.datetime();
const dueAt = z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: "Give a date (YYYY-MM-DD) or an ISO date-time" });

export const ZOpenReviewInput = z.strictObject({
  title: safeText().trim().min(1, "Give a title").max(200).optional(),
  /** A date means the end of that UTC day. */
  dueAt,
  /** Review the active mappings of these roles… */
  roleIds: z.array(z.uuid("Not a role id")).max(5000).default([]),
  /** …and of these AWS accounts (12-digit ids); neither = every active mapping. */
  accountIds: z.array(z.string().regex(/^\d{12}$/, "Not a 12-digit AWS account id")).max(1000).default([]),
});
export type TOpenReviewInput = z.infer<typeof ZOpenReviewInput>;

export const ZReviewDecision = z.enum(["keep", "revoke"], { error: "Decide keep or revoke" });
const reason = safeText().trim().min(1, "Give a reason").max(1000);

/** The body of `POST /api/v1/reviews/:id/items/:itemId`. */
export const ZDecideItemBody = z.strictObject({ decision: ZReviewDecision, reason });

export const ZDecideItemInput = z.strictObject({ reviewId: z.uuid("Not a review id"), itemId: z.uuid("Not a review item id"), decision: ZReviewDecision, reason });
export type TDecideItemInput = z.infer<typeof ZDecideItemInput>;

export const ZCloseReviewInput = z.strictObject({ reviewId: z.uuid("Not a review id") });
export type TCloseReviewInput = z.infer<typeof ZCloseReviewInput>;

export const ZReviewIdParams = z.object({ id: z.uuid("Not a review id") });
export const ZReviewReportQuery = z.strictObject({ format: z.enum(["csv", "json"], { error: "format is csv or json" }).default("json") });

/** The review page's query: which items, which page (a bad value is dropped: the defaults apply). */
export const ZReviewPageQuery = z.object({ show: z.enum(["undecided", "decided", "all"]).default("undecided"), page: queryInt(1, 1_000_000).default(1) });

// ---- Responses --------------------------------------------------------------------------

const count = z.number().int().min(0);

export const ZReviewProgress = z.strictObject({ total: count, decided: count, kept: count, revoked: count, undecided: count, percent: count, overdue: z.boolean(), dueSoon: z.boolean() });

export const ZReviewSummary = z.strictObject({
  id: z.string(),
  title: z.string(),
  status: z.enum(["open", "closed"]),
  scope: z.strictObject({ roleIds: z.array(z.string()), accountIds: z.array(z.string()) }),
  dueAt: isoTime,
  openedAt: isoTime,
  openedBy: z.string(),
  closedAt: isoTime.nullable(),
  closedBy: z.string().nullable(),
  progress: ZReviewProgress,
});

const ZUsageEvidence = z.strictObject({
  lastUsedAt: isoTime.nullable(),
  uses30d: count,
  uses90d: count,
  unused: z.boolean(),
  unusedDays: count,
  readUntil: isoTime.nullable(),
  sandbox: z.boolean(),
  refs: z.array(z.strictObject({ sub: z.string(), lastUsedAt: isoTime, uses90d: count })),
});

const ZGitLabEvidence = z.strictObject({
  checked: z.boolean(),
  reason: z.string().nullable(),
  targets: z.array(z.strictObject({ project: z.string(), protected: z.boolean().nullable(), rules: z.array(z.string()), allowForcePush: z.boolean().nullable(), people: count })),
  moreTargets: count,
  findings: z.array(z.strictObject({ code: z.string(), severity: z.string(), message: z.string() })),
});

/** Evidence frozen on an item when it is decided (also read back from the JSON column through this). */
export const ZItemEvidence = z.strictObject({ at: isoTime, usage: ZUsageEvidence.nullable(), gitlab: ZGitLabEvidence });

export const ZMappingSnapshot = z.strictObject({
  scope: z.enum(["group", "project"]),
  gitlabPath: z.string(),
  refType: z.enum(["branch", "tag", "any"]),
  refPattern: z.string(),
  environment: z.string().nullable(),
  audience: z.string(),
  role: z.strictObject({ id: z.string(), name: z.string(), arn: z.string() }),
  accountId: z.string(),
  requester: z.strictObject({ id: z.string(), username: z.string() }),
  approvers: z.array(z.string()),
  justification: z.string(),
  requestedAt: isoTime,
  approvedAt: isoTime.nullable(),
});

export const ZReviewItem = z.strictObject({
  id: z.string(),
  mappingId: z.string(),
  mapping: ZMappingSnapshot,
  mappingStatus: z.enum(["requested", "approved", "rejected", "revoked", "expired", "withdrawn"]),
  holders: z.array(z.string()),
  ageDays: count,
  decision: ZReviewDecision.nullable(),
  reason: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: isoTime.nullable(),
  evidence: ZItemEvidence.nullable(),
  overdue: z.boolean(),
});

/** `GET /api/v1/reviews/:id` (and the report as JSON). */
export const ZReviewDetailOutput = z.strictObject({ review: ZReviewSummary, items: z.array(ZReviewItem) });

/** `POST /api/v1/reviews`. */
export const ZOpenReviewOutput = z.strictObject({ id: z.string(), items: count, dueAt: isoTime });

/** `POST /api/v1/reviews/:id/items/:itemId`. */
export const ZDecideItemOutput = z.strictObject({ item: ZReviewItem, review: ZReviewSummary, mappingRevoked: z.boolean() });
