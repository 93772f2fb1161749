import { z } from "zod";
import { readJsonBody, withPermission } from "@/lib/auth/with-permission";
import { applyReconcile } from "@/lib/reconcile/service";
import { ZApplyInput } from "@/lib/schemas/reconcile";

const ZApplyOutput = z.object({
  runId: z.string(),
  status: z.enum(["succeeded", "failed", "partial"]),
  done: z.number(),
  failed: z.number(),
  skipped: z.number(),
});

/**
 * POST /api/v1/reconcile/apply { planHash } — apply the plan the caller reviewed (from the CLI's
 * `plan --json` or the page). 423 while another apply runs, 409 when the plan changed.
 */
export const POST = withPermission({ action: "reconcile.apply", output: ZApplyOutput }, async ({ req, user }) => {
  const input = await readJsonBody(req, ZApplyInput);
  const outcome = await applyReconcile({ id: user.id, label: user.username }, { trigger: "api", expectedPlanHash: input.planHash });
  return { runId: outcome.runId, status: outcome.status, done: outcome.result.done, failed: outcome.result.failed, skipped: outcome.result.skipped };
});
