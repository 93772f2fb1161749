"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { ZSetEnvWebhookEventsInput } from "@/lib/schemas/notify";
import { setEnvWebhookEvents } from "@/lib/notify/service";

export const setEnvWebhookEventsAction = defineAction({
  permission: "notifications.manage",
  input: ZSetEnvWebhookEventsInput,
  handler: async (input, user) => {
    await setEnvWebhookEvents(user, input);
    revalidatePath("/settings");
    return { variable: input.variable, events: input.events };
  },
});
