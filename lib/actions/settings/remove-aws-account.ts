"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { ZRemoveAwsAccountInput } from "@/lib/schemas/settings";
import { removeAwsAccount } from "@/lib/settings/service";

/** Remove an account with no registered role (its deregistered roles without mapping history go with it). */
export const removeAwsAccountAction = defineAction({
  permission: "settings.manage",
  input: ZRemoveAwsAccountInput,
  handler: async (input, user) => {
    const result = await removeAwsAccount(user, input);
    revalidatePath("/settings");
    return result;
  },
});
