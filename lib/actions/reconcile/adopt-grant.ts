"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { ZAdoptGrantInput } from "@/lib/schemas/reconcile";
import { adoptGrant } from "@/lib/reconcile/service";

/** Turn a statement found in a managed role's actual trust policy into mapping requests (they still need approval). */
export const adoptGrantAction = defineAction({
  permission: "reconcile.plan",
  input: ZAdoptGrantInput,
  handler: async (input, user) => {
    const result = await adoptGrant({ id: user.id, label: user.username }, input);
    revalidatePath("/reconcile");
    return result;
  },
});
