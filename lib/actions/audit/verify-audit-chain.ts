"use server";
import { defineAction } from "@/lib/actions/define-action";
import { ZVerifyChainInput } from "@/lib/schemas/audit";
import { verifyAuditLog } from "@/lib/db/audit-query";

export const verifyAuditChainAction = defineAction({
  permission: "audit.verify",
  input: ZVerifyChainInput,
  handler: async () => verifyAuditLog(),
});
