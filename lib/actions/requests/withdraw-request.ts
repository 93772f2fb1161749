"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { ZMappingIdInput } from "@/lib/schemas/requests";
import { withdrawRequest } from "@/lib/approvals/service";
import { mappingOwnership } from "@/lib/mappings/service";

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
