import { z } from "zod";

/** Plan and drift take no input; unknown keys are refused so a typo is not silently ignored. */
export const ZPlanInput = z.object({}).strict();
export type TPlanInput = z.infer<typeof ZPlanInput>;

export const ZCheckDriftInput = z.object({}).strict();
export type TCheckDriftInput = z.infer<typeof ZCheckDriftInput>;

export const ZApplyInput = z
  .object({
    /** `plan.hash` of the plan the user reviewed: nothing is applied if the plan changed since. */
    planHash: z.string().regex(/^[0-9a-f]{64}$/, "Review the plan first (missing plan hash)"),
  })
  .strict();
export type TApplyInput = z.infer<typeof ZApplyInput>;

export const ZRunId = z.uuid("Not a run id");

const ZIsoDate = z.union([z.date(), z.string()]).transform((d) => (d instanceof Date ? d.toISOString() : d));

/** GET /api/v1/reconcile/runs/:id — progress of a run, for polling. */
export const ZRunView = z.object({
  id: z.string(),
  kind: z.enum(["plan", "apply", "drift"]),
  status: z.enum(["running", "succeeded", "failed", "partial"]),
  trigger: z.string(),
  startedBy: z.string().nullable(),
  startedAt: ZIsoDate,
  finishedAt: ZIsoDate.nullable(),
  error: z.string().nullable(),
  summary: z.unknown(),
  counts: z.object({ pending: z.number(), running: z.number(), done: z.number(), failed: z.number(), skipped: z.number() }),
  operations: z.array(
    z.object({
      seq: z.number(),
      kind: z.string(),
      target: z.string(),
      status: z.enum(["pending", "running", "done", "failed", "skipped"]),
      requestId: z.string().nullable(),
      error: z.string().nullable(),
      startedAt: ZIsoDate.nullable(),
      finishedAt: ZIsoDate.nullable(),
    }),
  ),
});
export type TRunView = z.output<typeof ZRunView>;
