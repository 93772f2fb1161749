"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "../define-action";
import { ZCreateRequestInput } from "../../schemas/requests";
import { createRequest } from "../../db/mappings";

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
