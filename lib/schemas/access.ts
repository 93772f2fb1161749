import { z } from "zod";
import { zSortFields } from "./sort";

/** The columns "who can assume" sorts on; "policy" is the trust policy's own order. */
export const WHO_SORT_KEYS = ["policy", "projects", "refs", "pattern", "state"] as const;
export type TWhoSortKey = (typeof WHO_SORT_KEYS)[number];
/** The columns "what can a project assume" sorts on. */
export const WHAT_SORT_KEYS = ["role", "audience"] as const;
export type TWhatSortKey = (typeof WHAT_SORT_KEYS)[number];

export const ZWhoCanAssumeQuery = z.object({
  roleId: z.uuid("Pick a role"),
  q: z.string().trim().max(255).optional().catch(undefined),
  show: z.enum(["all", "managed", "foreign", "differences"]).catch("all").default("all"),
  format: z.enum(["json", "csv"]).catch("json").default("json"),
  ...zSortFields(WHO_SORT_KEYS, { sort: "policy", dir: "asc" }),
});
export type TWhoCanAssumeQuery = z.infer<typeof ZWhoCanAssumeQuery>;

export const ZWhatCanAssumeQuery = z.object({
  project: z.string().trim().min(1, "Give a project path").max(255),
  refType: z.enum(["branch", "tag"]).catch("branch").default("branch"),
  ref: z.string().trim().min(1, "Give a branch or tag").max(255),
  format: z.enum(["json", "csv"]).catch("json").default("json"),
  ...zSortFields(WHAT_SORT_KEYS, { sort: "role", dir: "asc" }),
});
export type TWhatCanAssumeQuery = z.infer<typeof ZWhatCanAssumeQuery>;
