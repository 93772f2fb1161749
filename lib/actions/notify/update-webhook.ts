"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { ZUpdateWebhookInput } from "@/lib/schemas/notify";
import { updateWebhook } from "@/lib/notify/service";

export const updateWebhookAction = defineAction({
  permission: "notifications.manage",
  input: ZUpdateWebhookInput,
  handler: async (input, user) => {
    const result = await updateWebhook(user, input);
    revalidatePath("/settings");
    return result;
  },
});
