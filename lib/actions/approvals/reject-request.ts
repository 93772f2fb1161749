"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { ZRejectInput } from "@/lib/schemas/requests";
import { mappingOwnership, rejectRequest } from "@/lib/db/mappings";

export const rejectRequestAction = defineAction({
  permission: "approvals.decide",
  input: ZRejectInput,
  resource: (input) => mappingOwnership(input.mappingId),
  handler: async (input, user) => {
    const outcome = await rejectRequest(user, input);
    revalidatePath("/approvals");
    return outcome;
  },
});
