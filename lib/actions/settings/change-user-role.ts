"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { ZChangeUserRoleInput } from "@/lib/schemas/settings";
import { changeUserRole } from "@/lib/settings/service";

export const changeUserRoleAction = defineAction({
  permission: "users.manage",
  input: ZChangeUserRoleInput,
  handler: async (input, user) => {
    await changeUserRole(user, input);
    revalidatePath("/settings");
    return { userId: input.userId, role: input.role };
  },
});
