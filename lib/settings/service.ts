/**
 * Settings: users' roles, AWS accounts (and whose credentials trustmap holds for one; editing and
 * removing one) and the IAM roles under management (registering, deregistering). Every change is
 * audited in its own transaction. What deregistering and removing mean: ./registration.ts.
 */
import "server-only";
import { getDb } from "@/lib/db/client";
import type { Tx } from "@/lib/db/prisma";
import { appendAuditEvent } from "@/lib/audit/service";
import { AppError, notFound } from "@/lib/errors";
import { checkAccountCredentials } from "@/lib/reconcile/ports";
import type { CurrentUser } from "@/lib/users/current-user";
import type { TChangeUserRoleInput, TCreateAwsAccountInput, TDeregisterIamRoleInput, TRegisterIamRoleInput, TRemoveAwsAccountInput, TUpdateAwsAccountInput } from "@/lib/schemas/settings";
import { accountIdChangeRefusal, accountRemovalRefusal, deregistrationRefusal, LIVE_MAPPING_STATUSES, ownedStatementCount, REGISTERED_ROLE } from "./registration";

export async function listUsers() {
  return getDb().user.findMany({
    select: { id: true, username: true, name: true, role: true, isDemo: true, lastSignInAt: true, createdAt: true },
    orderBy: [{ role: "asc" }, { username: "asc" }],
  });
}

/** Connected accounts with how many registered roles each has. */
export async function listAwsAccounts() {
  return getDb().awsAccount.findMany({ orderBy: { name: "asc" }, include: { _count: { select: { roles: { where: REGISTERED_ROLE } } } } });
}

/** One account, for its edit page, or null. */
export async function getAwsAccount(accountId: string) {
  const account = await getDb().awsAccount.findUnique({
    where: { accountId },
    include: { roles: { orderBy: { name: "asc" }, select: { name: true, deregisteredAt: true, _count: { select: { mappings: true } } } } },
  });
  if (!account) return null;
  const roles = account.roles.map((r) => ({ name: r.name, registered: r.deregisteredAt === null, mappings: r._count.mappings }));
  return {
    account,
    roles,
    removalRefusal: accountRemovalRefusal({ name: account.name, accountId: account.accountId, roles }),
    idChangeRefusal: accountIdChangeRefusal({ name: account.name, roles: roles.length }),
  };
}

/** The registered roles (trustmap manages them), with all and live mapping counts. */
export async function listIamRoles() {
  const roles = await getDb().iamRole.findMany({
    where: REGISTERED_ROLE,
    orderBy: [{ awsAccount: { name: "asc" } }, { name: "asc" }],
    include: {
      awsAccount: { select: { accountId: true, name: true } },
      _count: { select: { mappings: true } },
      mappings: { where: { status: { in: [...LIVE_MAPPING_STATUSES] } }, select: { id: true } },
    },
  });
  return roles.map(({ mappings, ...r }) => ({
    ...r,
    liveMappings: mappings.length,
    ownedStatementsInIam: ownedStatementCount(r.actualTrustPolicy),
    deregistrationRefusal: deregistrationRefusal({ name: r.name, liveMappings: mappings.length, actualTrustPolicy: r.actualTrustPolicy, actualFetchedAt: r.actualFetchedAt }),
  }));
}

/** A settings change, audited in the transaction that makes it. */
function auditSettingsChange(tx: Tx, actor: CurrentUser, resource: { type: "aws_account" | "iam_role"; id: string }, data: Record<string, unknown>): Promise<void> {
  return appendAuditEvent(tx, { actorId: actor.id, actorLabel: actor.username, action: "settings.changed", resourceType: resource.type, resourceId: resource.id, data });
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
    await auditSettingsChange(tx, actor, { type: "aws_account", id: account.id }, { change: "aws_account.created", ...input });
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

/** Register a role; one deregistered before (same ARN) is registered again, keeping its history. */
export async function registerIamRole(actor: CurrentUser, input: TRegisterIamRoleInput) {
  return getDb().$transaction(async (tx) => {
    const account = await tx.awsAccount.findUnique({ where: { id: input.awsAccountId } });
    if (!account) throw notFound("No such AWS account.");
    const arn = `arn:aws:iam::${account.accountId}:role${input.path}${input.name}`;
    const data = { description: input.description, production: input.production, trustPolicyQuota: input.trustPolicyQuota };
    const previous = await tx.iamRole.findUnique({ where: { arn }, select: { id: true, deregisteredAt: true } });
    const again = previous !== null && previous.deregisteredAt !== null;
    const role = again
      ? await tx.iamRole.update({ where: { id: previous.id }, data: { ...data, deregisteredAt: null } })
      : await tx.iamRole.create({ data: { ...data, awsAccountId: account.id, name: input.name, arn } });
    await auditSettingsChange(tx, actor, { type: "iam_role", id: role.id }, { change: "iam_role.registered", arn, production: input.production, trustPolicyQuota: input.trustPolicyQuota, ...(again ? { reregistered: true } : {}) });
    return role;
  });
}

/**
 * Stop managing a role (see ./registration.ts): refused while it has live mappings or IAM, as last
 * read, holds trustmap's statement in it. IAM is not touched. Under the role's row lock, which a
 * request or approval on the role waits for (the database refuses a live mapping on a
 * deregistered role).
 */
export async function deregisterIamRole(actor: CurrentUser, input: TDeregisterIamRoleInput, now = new Date()) {
  return getDb().$transaction(async (tx) => {
    await tx.$queryRaw`select id from iam_roles where id = ${input.roleId}::uuid for update`;
    const role = await tx.iamRole.findUnique({
      where: { id: input.roleId },
      include: { mappings: { select: { status: true } }, awsAccount: { select: { accountId: true } } },
    });
    if (!role || role.deregisteredAt !== null) throw notFound("No registered role has this id.");
    const live = role.mappings.filter((m) => (LIVE_MAPPING_STATUSES as readonly string[]).includes(m.status)).length;
    const refusal = deregistrationRefusal({ name: role.name, liveMappings: live, actualTrustPolicy: role.actualTrustPolicy, actualFetchedAt: role.actualFetchedAt });
    if (refusal) throw new AppError("CONFLICT", refusal);
    await tx.iamRole.update({ where: { id: role.id }, data: { deregisteredAt: now } });
    await auditSettingsChange(tx, actor, { type: "iam_role", id: role.id }, {
      change: "iam_role.deregistered",
      arn: role.arn,
      accountId: role.awsAccount.accountId,
      reason: input.reason,
      iam: "left as it is",
      mappingsKept: role.mappings.length,
      actualTrustPolicyReadAt: role.actualFetchedAt?.toISOString() ?? null,
    });
    return { id: role.id, arn: role.arn };
  });
}

/**
 * Edit an account. The id changes only while no role was ever registered in it; a new issuer or
 * id forgets a recorded provider ARN (it is derived from them again). Its roles and mappings stay:
 * the next plan shows what the change means for IAM.
 */
export async function updateAwsAccount(actor: CurrentUser, input: TUpdateAwsAccountInput) {
  return getDb().$transaction(async (tx) => {
    await tx.$queryRaw`select id from aws_accounts where account_id = ${input.accountId} for update`;
    const account = await tx.awsAccount.findUnique({ where: { accountId: input.accountId }, include: { _count: { select: { roles: true } } } });
    if (!account) throw notFound(`AWS account ${input.accountId} is not connected.`);
    if (input.newAccountId !== account.accountId) {
      const refusal = accountIdChangeRefusal({ name: account.name, roles: account._count.roles });
      if (refusal) throw new AppError("CONFLICT", refusal, { details: { fieldErrors: { newAccountId: [refusal] } } });
    }
    const next = { accountId: input.newAccountId, name: input.name, issuerUrl: input.issuerUrl, audiences: [...new Set(input.audiences)], region: input.region, managementRoleArn: input.managementRoleArn };
    const before = { accountId: account.accountId, name: account.name, issuerUrl: account.issuerUrl, audiences: account.audiences, region: account.region, managementRoleArn: account.managementRoleArn };
    const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(before[k]));
    if (changed.length === 0) return { accountId: account.accountId, changed };
    const forgetProvider = changed.includes("issuerUrl") || changed.includes("accountId");
    await tx.awsAccount.update({ where: { id: account.id }, data: { ...next, ...(forgetProvider ? { oidcProviderArn: null } : {}) } });
    await auditSettingsChange(tx, actor, { type: "aws_account", id: account.id }, { change: "aws_account.updated", accountId: next.accountId, from: Object.fromEntries(changed.map((k) => [k, before[k]])), to: Object.fromEntries(changed.map((k) => [k, next[k]])) });
    return { accountId: next.accountId, changed };
  });
}

/** Remove an account with no registered role; its deregistered roles without mapping history go with it. */
export async function removeAwsAccount(actor: CurrentUser, input: TRemoveAwsAccountInput) {
  return getDb().$transaction(async (tx) => {
    await tx.$queryRaw`select id from aws_accounts where account_id = ${input.accountId} for update`;
    const account = await tx.awsAccount.findUnique({
      where: { accountId: input.accountId },
      include: { roles: { select: { id: true, name: true, arn: true, deregisteredAt: true, _count: { select: { mappings: true } } } } },
    });
    if (!account) throw notFound(`AWS account ${input.accountId} is not connected.`);
    // The roles' rows are locked too, so a registration or request cannot slip in meanwhile.
    await tx.$queryRaw`select id from iam_roles where aws_account_id = ${account.id}::uuid for update`;
    const refusal = accountRemovalRefusal({ name: account.name, accountId: account.accountId, roles: account.roles.map((r) => ({ name: r.name, registered: r.deregisteredAt === null, mappings: r._count.mappings })) });
    if (refusal) throw new AppError("CONFLICT", refusal);
    await tx.iamRole.deleteMany({ where: { awsAccountId: account.id } });
    await tx.awsAccount.delete({ where: { id: account.id } });
    await auditSettingsChange(tx, actor, { type: "aws_account", id: account.id }, { change: "aws_account.removed", accountId: account.accountId, name: account.name, issuerUrl: account.issuerUrl, rolesRemoved: account.roles.map((r) => r.arn) });
    return { accountId: account.accountId, rolesRemoved: account.roles.length };
  });
}
