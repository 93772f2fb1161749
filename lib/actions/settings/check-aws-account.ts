"use server";
import { checkAwsAccount } from "@/lib/settings/service";
import { ZCheckAwsAccountInput } from "@/lib/schemas/settings";
import { defineAction } from "@/lib/actions/define-action";

/** Ask STS whose credentials trustmap holds for an account (see checkAwsAccount). */
export const checkAwsAccountAction = defineAction({
  permission: "settings.manage",
  input: ZCheckAwsAccountInput,
  handler: ({ accountId }) => checkAwsAccount(accountId),
});
