"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { ZRegisterIamRoleInput } from "@/lib/schemas/settings";
import { registerIamRole } from "@/lib/settings/service";

export const registerIamRoleAction = defineAction({
  permission: "settings.manage",
  input: ZRegisterIamRoleInput,
  handler: async (input, user) => {
    const role = await registerIamRole(user, input);
    revalidatePath("/settings");
    revalidatePath("/roles");
    return { id: role.id, arn: role.arn };
  },
});
