"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { ZUpdateAwsAccountInput } from "@/lib/schemas/settings";
import { updateAwsAccount } from "@/lib/settings/service";

export const updateAwsAccountAction = defineAction({
  permission: "settings.manage",
  input: ZUpdateAwsAccountInput,
  handler: async (input, user) => {
    const result = await updateAwsAccount(user, input);
    revalidatePath("/settings");
    return result;
  },
});
