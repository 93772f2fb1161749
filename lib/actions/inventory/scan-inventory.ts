"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "../define-action";
import { ZScanInventoryInput } from "../../schemas/inventory";
import { runInventoryScan } from "../../inventory/run-scan";

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
