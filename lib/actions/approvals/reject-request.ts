"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { ZRejectInput } from "@/lib/schemas/requests";
import { rejectRequest } from "@/lib/approvals/service";
import { mappingOwnership } from "@/lib/mappings/service";

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
