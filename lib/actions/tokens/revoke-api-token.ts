"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { ZRevokeApiTokenInput } from "@/lib/schemas/api-tokens";
import { revokeApiToken } from "@/lib/users/service";

export const revokeApiTokenAction = defineAction({
  permission: "tokens.manage",
  input: ZRevokeApiTokenInput,
  handler: async (input, user) => {
    await revokeApiToken(user, input.id);
    revalidatePath("/account/tokens");
    return { id: input.id };
  },
});
