/**
 * Settings: users' roles, AWS accounts (and whose credentials trustmap holds for one) and the IAM
 * roles under management. Every change is audited in its own transaction.
 */
import "server-only";
import { getDb } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/audit/service";
import { AppError, notFound } from "@/lib/errors";
import { checkAccountCredentials } from "@/lib/reconcile/ports";
import type { CurrentUser } from "@/lib/users/current-user";
import type { TChangeUserRoleInput, TCreateAwsAccountInput, TRegisterIamRoleInput } from "@/lib/schemas/settings";

export async function listUsers() {
  return getDb().user.findMany({
    select: { id: true, username: true, name: true, role: true, isDemo: true, lastSignInAt: true, createdAt: true },
    orderBy: [{ role: "asc" }, { username: "asc" }],
  });
}

export async function listAwsAccounts() {
  return getDb().awsAccount.findMany({ orderBy: { name: "asc" }, include: { _count: { select: { roles: true } } } });
}

export async function listIamRoles() {
  return getDb().iamRole.findMany({
    orderBy: [{ awsAccount: { name: "asc" } }, { name: "asc" }],
    include: { awsAccount: { select: { accountId: true, name: true } }, _count: { select: { mappings: true } } },
  });
}

// Serialises role changes so two admins cannot demote each other and leave no admin.
const ROLE_CHANGE_LOCK = 7_314_162;

/** Change a user's role. The last admin cannot be demoted (nobody could manage trustmap any more). */
export async function changeUserRole(actor: CurrentUser, input: TChangeUserRoleInput): Promise<void> {
  await getDb().$transaction(async (tx) => {
    await tx.$executeRaw`select pg_advisory_xact_lock(${ROLE_CHANGE_LOCK})`;
    const target = await tx.user.findUnique({ where: { id: input.userId } });
    if (!target) throw notFound("No such user.");
    if (target.role === input.role) return;
    if (target.role === "admin" && (await tx.user.count({ where: { role: "admin" } })) === 1) {
      throw new AppError("CONFLICT", "This is the last admin; make someone else admin first.");
    }
    await tx.user.update({ where: { id: target.id }, data: { role: input.role } });
    await appendAuditEvent(tx, {
      actorId: actor.id,
      actorLabel: actor.username,
      action: "user.role_changed",
      resourceType: "user",
      resourceId: target.id,
      data: { username: target.username, from: target.role, to: input.role },
    });
  });
}

export async function createAwsAccount(actor: CurrentUser, input: TCreateAwsAccountInput) {
  return getDb().$transaction(async (tx) => {
    const account = await tx.awsAccount.create({ data: { ...input, audiences: [...new Set(input.audiences)] } });
    await appendAuditEvent(tx, {
      actorId: actor.id,
      actorLabel: actor.username,
      action: "settings.changed",
      resourceType: "aws_account",
      resourceId: account.id,
      data: { change: "aws_account.created", ...input },
    });
    return account;
  });
}

/**
 * Ask STS whose credentials trustmap holds for an account, as a plan would, without any IAM call:
 * lets an admin see a wrong default chain or management role before a plan refuses the account.
 */
export async function checkAwsAccount(accountId: string): Promise<{ accountId: string; callerAccountId: string; via: string }> {
  const account = await getDb().awsAccount.findUnique({ where: { accountId }, select: { accountId: true, managementRoleArn: true } });
  if (!account) throw new AppError("NOT_FOUND", `AWS account ${accountId} is not connected.`);
  const { callerAccountId } = await checkAccountCredentials(account);
  return { accountId, callerAccountId, via: account.managementRoleArn ?? "the default credential chain" };
}

export async function registerIamRole(actor: CurrentUser, input: TRegisterIamRoleInput) {
  return getDb().$transaction(async (tx) => {
    const account = await tx.awsAccount.findUnique({ where: { id: input.awsAccountId } });
    if (!account) throw notFound("No such AWS account.");
    const arn = `arn:aws:iam::${account.accountId}:role${input.path}${input.name}`;
    const role = await tx.iamRole.create({
      data: {
        awsAccountId: account.id,
        name: input.name,
        arn,
        description: input.description,
        production: input.production,
        trustPolicyQuota: input.trustPolicyQuota,
      },
    });
    await appendAuditEvent(tx, {
      actorId: actor.id,
      actorLabel: actor.username,
      action: "settings.changed",
      resourceType: "iam_role",
      resourceId: role.id,
      data: { change: "iam_role.registered", arn, production: input.production, trustPolicyQuota: input.trustPolicyQuota },
    });
    return role;
  });
}
