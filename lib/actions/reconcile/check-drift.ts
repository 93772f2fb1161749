"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { ZCheckDriftInput } from "@/lib/schemas/reconcile";
import { checkDrift } from "@/lib/reconcile/service";

/** Compare actual with desired and with what trustmap last wrote; returns the drift report and the plan that reverts it. */
export const checkDriftAction = defineAction({
  permission: "reconcile.plan",
  input: ZCheckDriftInput,
  handler: async (_input, user) => {
    const result = await checkDrift({ id: user.id, label: user.username }, "ui");
    revalidatePath("/reconcile");
    return result;
  },
});
