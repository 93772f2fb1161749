"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { ZRevokeInput } from "@/lib/schemas/requests";
import { revokeMapping } from "@/lib/approvals/service";

export const revokeMappingAction = defineAction({
  permission: "mappings.revoke",
  input: ZRevokeInput,
  handler: async (input, user) => {
    const outcome = await revokeMapping(user, input);
    revalidatePath("/mappings");
    revalidatePath(`/mappings/${input.mappingId}`);
    return outcome;
  },
});
