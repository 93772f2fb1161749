"use server";
import { AppError } from "@/lib/errors";
import { getDb } from "@/lib/db/client";
import { checkAccountCredentials } from "@/lib/reconcile/ports";
import { ZCheckAwsAccountInput } from "@/lib/schemas/settings";
import { defineAction } from "@/lib/actions/define-action";

/**
 * Ask STS whose credentials trustmap holds for an account, as a plan would, without any IAM call:
 * lets an admin see a wrong default chain or management role before a plan refuses the account.
 */
export const checkAwsAccountAction = defineAction({
  permission: "settings.manage",
  input: ZCheckAwsAccountInput,
  handler: async ({ accountId }) => {
    const account = await getDb().awsAccount.findUnique({ where: { accountId }, select: { accountId: true, managementRoleArn: true } });
    if (!account) throw new AppError("NOT_FOUND", `AWS account ${accountId} is not connected.`);
    const { callerAccountId } = await checkAccountCredentials(account);
    return { accountId, callerAccountId, via: account.managementRoleArn ?? "the default credential chain" };
  },
});
