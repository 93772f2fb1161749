"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "../define-action";
import { ZCreateAwsAccountInput } from "../../schemas/settings";
import { createAwsAccount } from "../../db/settings-admin";

export const createAwsAccountAction = defineAction({
  permission: "settings.manage",
  input: ZCreateAwsAccountInput,
  handler: async (input, user) => {
    const account = await createAwsAccount(user, input);
    revalidatePath("/settings");
    return { id: account.id };
  },
});
