"use server";
import { defineAction } from "@/lib/actions/define-action";
import { ZPlanInput } from "@/lib/schemas/reconcile";
import { planReconcile } from "@/lib/reconcile/service";

/** Read IAM and GitLab, compile the approved mappings, and return the plan (recorded as a plan run). */
export const createPlanAction = defineAction({
  permission: "reconcile.plan",
  input: ZPlanInput,
  handler: async (_input, user) => planReconcile({ id: user.id, label: user.username }, "ui"),
});
