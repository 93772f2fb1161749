import { z } from "zod";

export const ZWhoCanAssumeQuery = z.object({
  roleId: z.uuid("Pick a role"),
  q: z.string().trim().max(255).optional().catch(undefined),
  show: z.enum(["all", "managed", "foreign", "differences"]).catch("all").default("all"),
  format: z.enum(["json", "csv"]).catch("json").default("json"),
});
export type TWhoCanAssumeQuery = z.infer<typeof ZWhoCanAssumeQuery>;

export const ZWhatCanAssumeQuery = z.object({
  project: z.string().trim().min(1, "Give a project path").max(255),
  refType: z.enum(["branch", "tag"]).catch("branch").default("branch"),
  ref: z.string().trim().min(1, "Give a branch or tag").max(255),
  format: z.enum(["json", "csv"]).catch("json").default("json"),
});
export type TWhatCanAssumeQuery = z.infer<typeof ZWhatCanAssumeQuery>;
