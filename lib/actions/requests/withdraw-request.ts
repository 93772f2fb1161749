"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "../define-action";
import { ZMappingIdInput } from "../../schemas/requests";
import { mappingOwnership, withdrawRequest } from "../../db/mappings";

export const withdrawRequestAction = defineAction({
  permission: "requests.withdraw",
  input: ZMappingIdInput,
  resource: (input) => mappingOwnership(input.mappingId),
  handler: async (input, user) => {
    const outcome = await withdrawRequest(user, input.mappingId);
    revalidatePath("/requests");
    return outcome;
  },
});
