"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "../define-action";
import { ZChangeUserRoleInput } from "../../schemas/settings";
import { changeUserRole } from "../../db/settings-admin";

export const changeUserRoleAction = defineAction({
  permission: "users.manage",
  input: ZChangeUserRoleInput,
  handler: async (input, user) => {
    await changeUserRole(user, input);
    revalidatePath("/settings");
    return { userId: input.userId, role: input.role };
  },
});
