"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { ZCreateRequestInput } from "@/lib/schemas/requests";
import { createRequest } from "@/lib/requests/service";

export const createRequestAction = defineAction({
  permission: "requests.create",
  input: ZCreateRequestInput,
  handler: async (input, user) => {
    const outcome = await createRequest(user, input);
    if (outcome.created) {
      revalidatePath("/requests");
      revalidatePath("/approvals");
    }
    return outcome;
  },
});
