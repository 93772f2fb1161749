"use server";
import { defineAction } from "../define-action";
import { ZVerifyChainInput } from "../../schemas/audit";
import { verifyAuditLog } from "../../db/audit-query";

export const verifyAuditChainAction = defineAction({
  permission: "audit.verify",
  input: ZVerifyChainInput,
  handler: async () => verifyAuditLog(),
});
