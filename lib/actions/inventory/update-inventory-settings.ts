"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { ZInventoryConfig } from "@/lib/schemas/inventory";
import { saveInventoryConfig } from "@/lib/inventory/service";

export const updateInventorySettingsAction = defineAction({
  permission: "settings.manage",
  input: ZInventoryConfig,
  handler: async (input, user) => {
    await saveInventoryConfig(user, input);
    revalidatePath("/inventory");
    return { groups: input.groups.length };
  },
});
