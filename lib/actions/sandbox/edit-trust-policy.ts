"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { editTrustPolicyOutOfBand } from "@/lib/sandbox/service";
import { ZEditSandboxTrustPolicyInput } from "@/lib/schemas/sandbox";

/** Sandbox only: change a role's trust policy as if someone did it in the AWS console (audited), so drift can be seen. */
export const editSandboxTrustPolicyAction = defineAction({
  permission: "reconcile.apply",
  input: ZEditSandboxTrustPolicyInput,
  handler: async (input, user) => {
    const result = await editTrustPolicyOutOfBand(user, input);
    revalidatePath("/reconcile");
    return result;
  },
});
