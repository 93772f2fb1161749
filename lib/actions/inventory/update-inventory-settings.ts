"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "../define-action";
import { ZInventoryConfig } from "../../schemas/inventory";
import { saveInventoryConfig } from "../../db/inventory";

export const updateInventorySettingsAction = defineAction({
  permission: "settings.manage",
  input: ZInventoryConfig,
  handler: async (input, user) => {
    await saveInventoryConfig(user, input);
    revalidatePath("/inventory");
    return { groups: input.groups.length };
  },
});
