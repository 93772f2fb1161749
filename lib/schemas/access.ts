import { z } from "zod";
import { safeText } from "./common";
import { zSortFields } from "./sort";

// Strict: the export routes answer 400 naming a bad parameter; the Access page reads the same
// schemas through readPageQuery, which drops a bad parameter instead (a stale link still opens).
// Only the sort fields fall back to their default on their own (lib/schemas/sort.ts).
/** Which view of the Access page: who can assume a role (default), or what a project can assume. */
export const ZAccessView = z.object({ view: z.enum(["role", "project"]).optional() });

/** The columns "who can assume" sorts on; "policy" is the trust policy's own order. */
export const WHO_SORT_KEYS = ["policy", "projects", "refs", "pattern", "state"] as const;
export type TWhoSortKey = (typeof WHO_SORT_KEYS)[number];
/** The columns "what can a project assume" sorts on. */
export const WHAT_SORT_KEYS = ["role", "audience"] as const;
export type TWhatSortKey = (typeof WHAT_SORT_KEYS)[number];

export const ZWhoCanAssumeQuery = z.object({
  roleId: z.uuid("Pick a role (the id of a registered role)"),
  q: safeText().trim().max(255).optional(),
  show: z.enum(["all", "managed", "foreign", "differences"]).default("all"),
  format: z.enum(["json", "csv"]).default("json"),
  ...zSortFields(WHO_SORT_KEYS, { sort: "policy", dir: "asc" }),
});
export type TWhoCanAssumeQuery = z.infer<typeof ZWhoCanAssumeQuery>;

export const ZWhatCanAssumeQuery = z.object({
  project: safeText().trim().min(1, "Give a project path").max(255),
  refType: z.enum(["branch", "tag"]).default("branch"),
  ref: safeText().trim().min(1, "Give a branch or tag").max(255),
  format: z.enum(["json", "csv"]).default("json"),
  ...zSortFields(WHAT_SORT_KEYS, { sort: "role", dir: "asc" }),
});
export type TWhatCanAssumeQuery = z.infer<typeof ZWhatCanAssumeQuery>;
