"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { ZApplyInput } from "@/lib/schemas/reconcile";
import { applyReconcile } from "@/lib/reconcile/service";

/** Apply the plan the user reviewed (by its hash); LOCKED while another apply runs, CONFLICT if the plan changed or is refused. */
export const applyPlanAction = defineAction({
  permission: "reconcile.apply",
  input: ZApplyInput,
  handler: async (input, user) => {
    const outcome = await applyReconcile({ id: user.id, label: user.username }, { trigger: "ui", expectedPlanHash: input.planHash });
    revalidatePath("/reconcile");
    return { runId: outcome.runId, status: outcome.status, done: outcome.result.done, failed: outcome.result.failed, skipped: outcome.result.skipped };
  },
});
