"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { ZUsageSettingsInput } from "@/lib/schemas/usage";
import { saveUsageSettings } from "@/lib/usage/service";

export const updateUsageSettingsAction = defineAction({
  permission: "settings.manage",
  input: ZUsageSettingsInput,
  handler: async (input, user) => {
    await saveUsageSettings(user, input);
    revalidatePath("/settings");
    revalidatePath("/mappings");
    revalidatePath("/access");
    return { unusedDays: input.unusedDays };
  },
});
