"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { ZDeleteWebhookInput } from "@/lib/schemas/notify";
import { deleteWebhook } from "@/lib/notify/service";

export const deleteWebhookAction = defineAction({
  permission: "notifications.manage",
  input: ZDeleteWebhookInput,
  handler: async (input, user) => {
    await deleteWebhook(user, input);
    revalidatePath("/settings");
    return { id: input.id };
  },
});
