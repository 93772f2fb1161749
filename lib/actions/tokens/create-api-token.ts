"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { ZCreateApiTokenInput } from "@/lib/schemas/api-tokens";
import { createApiToken } from "@/lib/users/service";

export const createApiTokenAction = defineAction({
  permission: "tokens.manage",
  input: ZCreateApiTokenInput,
  handler: async (input, user) => {
    const expiresAt = input.expiresInDays === null ? null : new Date(Date.now() + input.expiresInDays * 86_400_000);
    const { token, view } = await createApiToken(user, { name: input.name, expiresAt });
    revalidatePath("/account/tokens");
    return { token, id: view.id, prefix: view.prefix };
  },
});
