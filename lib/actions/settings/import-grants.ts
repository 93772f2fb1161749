"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { importGrants } from "@/lib/reconcile/service";
import { ZImportGrantsInput } from "@/lib/schemas/settings";

/** Import chosen grants of a role's trust policy as approved mappings (read from IAM again first). */
export const importGrantsAction = defineAction({
  permission: "settings.manage",
  input: ZImportGrantsInput,
  handler: async (input, user) => {
    const result = await importGrants({ id: user.id, label: user.username }, input);
    for (const path of ["/settings/import", "/settings", "/roles", "/mappings"]) revalidatePath(path);
    return result;
  },
});
