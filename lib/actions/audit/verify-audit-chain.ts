"use server";
import { defineAction } from "@/lib/actions/define-action";
import { ZVerifyChainInput } from "@/lib/schemas/audit";
import { verifyAuditTrail } from "@/lib/audit/service";

export const verifyAuditChainAction = defineAction({
  permission: "audit.verify",
  input: ZVerifyChainInput,
  handler: async () => verifyAuditTrail(),
});
