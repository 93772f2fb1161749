import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Db, Tx } from "./prisma";
import type { ActualState, DesiredState } from "@/lib/reconcile/types";

/**
 * Keep each managed role's trust policy as last read from IAM (the "actual" state the simulator
 * and the effective-access views evaluate). A role IAM no longer has is stored as read-but-absent
 * (fetchedAt set, policy null); an account that could not be read is left as it was.
 */
export async function saveActualSnapshot(db: Db, desired: DesiredState, actual: ActualState, at = new Date()): Promise<void> {
  const updates = desired.roles.flatMap((role) => {
    const account = actual.accounts[role.accountId];
    if (!account || account.error) return [];
    const found = account.roles[role.name];
    return [{ arn: role.arn, policy: found ? parseDocument(found.document) : null }];
  });
  if (updates.length === 0) return;
  await db.$transaction(async (tx) => {
    for (const u of updates) await writeSnapshot(tx, u.arn, u.policy, at);
  });
}

/** After trustmap wrote a trust policy, that document is the actual state. */
export async function saveWrittenTrustPolicy(tx: Tx, roleArn: string, document: string): Promise<void> {
  await writeSnapshot(tx, roleArn, parseDocument(document), new Date());
}

async function writeSnapshot(tx: Tx, arn: string, policy: object | null, at: Date): Promise<void> {
  await tx.iamRole.updateMany({
    where: { arn },
    data: { actualTrustPolicy: policy === null ? Prisma.DbNull : policy, actualFetchedAt: at },
  });
}

function parseDocument(document: string): object | null {
  try {
    return JSON.parse(document) as object;
  } catch {
    return null;
  }
}
