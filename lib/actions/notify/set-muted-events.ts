"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { ZSetMutedEventsInput } from "@/lib/schemas/notify";
import { setMutedEvents } from "@/lib/notify/service";

export const setMutedEventsAction = defineAction({
  permission: "notifications.mute",
  input: ZSetMutedEventsInput,
  handler: async (input, user) => {
    const result = await setMutedEvents(user, input);
    revalidatePath("/account/notifications");
    return result;
  },
});
