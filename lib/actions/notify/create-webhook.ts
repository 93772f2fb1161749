"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { ZCreateWebhookInput } from "@/lib/schemas/notify";
import { createWebhook } from "@/lib/notify/service";

export const createWebhookAction = defineAction({
  permission: "notifications.manage",
  input: ZCreateWebhookInput,
  handler: async (input, user) => {
    const result = await createWebhook(user, input);
    revalidatePath("/settings");
    return result;
  },
});
