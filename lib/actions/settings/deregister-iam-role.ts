"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { ZDeregisterIamRoleInput } from "@/lib/schemas/settings";
import { deregisterIamRole } from "@/lib/settings/service";

/** Stop managing a role; IAM is left as it is (refused while it has live mappings or trustmap's statement). */
export const deregisterIamRoleAction = defineAction({
  permission: "settings.manage",
  input: ZDeregisterIamRoleInput,
  handler: async (input, user) => {
    const result = await deregisterIamRole(user, input);
    revalidatePath("/settings");
    revalidatePath("/roles");
    return result;
  },
});
