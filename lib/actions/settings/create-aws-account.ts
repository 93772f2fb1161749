"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { ZCreateAwsAccountInput } from "@/lib/schemas/settings";
import { createAwsAccount } from "@/lib/settings/service";

export const createAwsAccountAction = defineAction({
  permission: "settings.manage",
  input: ZCreateAwsAccountInput,
  handler: async (input, user) => {
    const account = await createAwsAccount(user, input);
    revalidatePath("/settings");
    return { id: account.id };
  },
});
