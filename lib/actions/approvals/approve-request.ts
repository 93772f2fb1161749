"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { ZApproveInput } from "@/lib/schemas/requests";
import { approveRequest } from "@/lib/approvals/service";
import { mappingOwnership } from "@/lib/mappings/service";

export const approveRequestAction = defineAction({
  permission: "approvals.decide",
  input: ZApproveInput,
  resource: (input) => mappingOwnership(input.mappingId),
  handler: async (input, user) => {
    const outcome = await approveRequest(user, input);
    revalidatePath("/approvals");
    return outcome;
  },
});
