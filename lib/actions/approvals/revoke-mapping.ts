"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "../define-action";
import { ZRevokeInput } from "../../schemas/requests";
import { revokeMapping } from "../../db/mappings";

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
