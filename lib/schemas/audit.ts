import { z } from "zod";
import { zSortFields } from "./sort";

/** The columns the audit log sorts on: time (the event id's order), actor, event type. */
export const AUDIT_SORT_KEYS = ["at", "actor", "action"] as const;
export type TAuditSortKey = (typeof AUDIT_SORT_KEYS)[number];

const optionalText = z.string().trim().max(255).optional().catch(undefined).transform((v) => (v ? v : undefined));
/** A date or date-time; a bare date means the start of that day (`from`) or its end (`to`). */
const optionalDate = (endOfDay: boolean) =>
  z
    .string()
    .trim()
    .optional()
    .catch(undefined)
    .transform((v) => {
      if (!v) return undefined;
      const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T${endOfDay ? "23:59:59.999" : "00:00:00.000"}Z` : v);
      return Number.isNaN(d.getTime()) ? undefined : d;
    });

/** Audit log filters, from URL search params (bad values are ignored rather than failing the page). */
export const ZAuditFilters = z.object({
  actor: optionalText,
  type: optionalText,
  role: optionalText,
  project: optionalText,
  from: optionalDate(false),
  to: optionalDate(true),
  /** Keyset cursor: the id of the last event shown; the page continues after it in the current order. */
  before: z.string().regex(/^\d+$/).optional().catch(undefined),
  ...zSortFields(AUDIT_SORT_KEYS, { sort: "at", dir: "desc" }),
});
export type TAuditFilters = z.infer<typeof ZAuditFilters>;

export const ZVerifyChainInput = z.object({}).strict();

/** An audit checkpoint as stored outside the database (a line of the checkpoint file, or one S3 object). */
export const ZAuditCheckpoint = z.object({
  id: z.string().regex(/^\d{1,19}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  count: z.number().int().min(0),
  at: z.iso.datetime(),
  alg: z.enum(["hmac-sha256", "sha256"]),
});
