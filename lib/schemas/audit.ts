import { z } from "zod";
import { bigintId, queryDate, safeText } from "./common";
import { zSortFields } from "./sort";

/** The columns the audit log sorts on: time (the event id's order), actor, event type. */
export const AUDIT_SORT_KEYS = ["at", "actor", "action"] as const;
export type TAuditSortKey = (typeof AUDIT_SORT_KEYS)[number];

const optionalText = safeText().trim().max(255).optional().transform((v) => (v ? v : undefined));

/**
 * Audit log filters from a query string. Strict: the CSV export answers 400 naming a bad
 * parameter before it streams anything; the Audit page reads them through readPageQuery, which
 * drops a bad one instead. A bare date means the start of that day (`from`) or its end (`to`).
 */
export const ZAuditFilters = z.object({
  actor: optionalText,
  type: optionalText,
  role: optionalText,
  project: optionalText,
  from: queryDate(false).optional(),
  to: queryDate(true).optional(),
  /** Keyset cursor: the id of the last event shown; the page continues after it in the current order. */
  before: bigintId("before: an event id").optional(),
  ...zSortFields(AUDIT_SORT_KEYS, { sort: "at", dir: "desc" }),
});
export type TAuditFilters = z.infer<typeof ZAuditFilters>;

export const ZVerifyChainInput = z.object({}).strict();

/** An audit checkpoint as stored outside the database (a line of the checkpoint file, or one S3 object). */
export const ZAuditCheckpoint = z.object({
  id: bigintId(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  count: z.number().int().min(0),
  at: z.iso.datetime(),
  alg: z.enum(["hmac-sha256", "sha256"]),
});
