/**
 * The sandbox's rows: one JSON state per sandbox AWS account and one for the sandbox GitLab
 * (table sandbox_states), read per port call and written back under the row's lock. Only
 * ./service.ts calls this.
 */
import "server-only";
import type { Db, DbOrTx, Tx } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";
import { REGISTERED_ROLE } from "@/lib/settings/registration";
import type { StateCell } from "./persisted";

export const GITLAB_STATE_KEY = "gitlab";

export function iamStateKey(accountId: string): string {
  return `iam:${accountId}`;
}

// Writers wait for each other's row lock; a sandbox call takes milliseconds, so a wait this long
// means something is wrong rather than busy.
const TRANSACTION = { maxWait: 10_000, timeout: 15_000 };

async function load<S>(db: DbOrTx, key: string): Promise<S | null> {
  const row = await db.sandboxState.findUnique({ where: { key }, select: { state: true } });
  return (row?.state ?? null) as S | null;
}

/**
 * Lock the state row (creating it empty first, so even the first two writers queue on one row),
 * run `fn` on the state and store what it returns. Runs in the caller's transaction.
 */
async function lockedUpdate<S, T>(tx: Tx, key: string, fn: (state: S | null) => Promise<{ result: T; state: S }>): Promise<T> {
  await tx.$executeRaw`insert into sandbox_states (key, state) values (${key}, null) on conflict (key) do nothing`;
  await tx.$executeRaw`select 1 from sandbox_states where key = ${key} for update`;
  const { result, state } = await fn(await load<S>(tx, key));
  await tx.sandboxState.update({ where: { key }, data: { state: state as unknown as Prisma.InputJsonValue } });
  return result;
}

/** The state under `key`, each write in a transaction of its own. */
export function stateCell<S>(db: Db, key: string): StateCell<S> {
  return {
    read: async (fn) => fn(await load<S>(db, key)),
    update: (fn) => db.$transaction((tx) => lockedUpdate(tx, key, fn), TRANSACTION),
  };
}

/** The state under `key`, written inside the caller's transaction (with its audit event). */
export function stateCellInTx<S>(tx: Tx, key: string): StateCell<S> {
  return {
    read: async (fn) => fn(await load<S>(tx, key)),
    update: (fn) => lockedUpdate(tx, key, fn),
  };
}

/** Replace a state wholesale (the demo seed), inside the caller's transaction. */
export async function putState(tx: Tx, key: string, state: unknown): Promise<void> {
  const value = state as Prisma.InputJsonValue;
  await tx.sandboxState.upsert({ where: { key }, create: { key, state: value }, update: { state: value } });
}

/** A registered role with what the sandbox needs of its account. */
export function findRoleWithAccount(db: DbOrTx, arn: string) {
  return db.iamRole.findUnique({
    where: { arn, ...REGISTERED_ROLE },
    select: { id: true, name: true, arn: true, awsAccount: { select: { accountId: true, issuerUrl: true, oidcProviderArn: true, audiences: true, sandbox: true } } },
  });
}

/** Registered roles of sandbox accounts (the out-of-band edit's choices). */
export function listSandboxRoles(db: DbOrTx) {
  return db.iamRole.findMany({ where: { ...REGISTERED_ROLE, awsAccount: { sandbox: true } }, orderBy: { name: "asc" }, select: { name: true, arn: true } });
}

/** The 12-digit ids of the accounts the sandbox serves. */
export async function sandboxAccountIds(db: DbOrTx): Promise<string[]> {
  return (await db.awsAccount.findMany({ where: { sandbox: true }, orderBy: { accountId: "asc" }, select: { accountId: true } })).map((a) => a.accountId);
}
