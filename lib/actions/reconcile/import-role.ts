"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { ZImportRoleInput } from "@/lib/schemas/reconcile";
import { importRole } from "@/lib/reconcile/service";

/** Register a discovered role and request its grants as mappings (registering a role is an admin setting). */
export const importRoleAction = defineAction({
  permission: "settings.manage",
  input: ZImportRoleInput,
  handler: async (input, user) => {
    const result = await importRole({ id: user.id, label: user.username }, input);
    revalidatePath("/reconcile");
    return result;
  },
});
