"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { ZScanInventoryInput } from "@/lib/schemas/inventory";
import { runInventoryScan } from "@/lib/inventory/service";

export const scanInventoryAction = defineAction({
  permission: "inventory.scan",
  input: ZScanInventoryInput,
  handler: async (_input, user) => {
    const result = await runInventoryScan(user);
    revalidatePath("/inventory");
    revalidatePath("/tradeoffs");
    return result;
  },
});
