/** Age and last use of access keys found in CI/CD variables, from IAM (ListAccessKeys, GetAccessKeyLastUsed). */
import type { IamPort } from "@/lib/aws/port";
import { isAppError } from "@/lib/errors";
import { mapLimit } from "./scan";

export interface KeyUsage {
  userName?: string;
  status?: string;
  createdAt?: Date;
  lastUsedAt?: Date;
  lastUsedService?: string;
  /** Why something is unknown; absent when the lookup succeeded. */
  note?: string;
}

export async function lookUpKeyUsage(iam: IamPort, accessKeyId: string): Promise<KeyUsage> {
  try {
    const lastUsed = await iam.getAccessKeyLastUsed(accessKeyId);
    const usage: KeyUsage = { lastUsedAt: lastUsed.lastUsedDate, lastUsedService: lastUsed.serviceName };
    if (!lastUsed.userName) return { ...usage, note: "IAM did not name the key's user; age unknown." };
    usage.userName = lastUsed.userName;
    const key = (await iam.listAccessKeys(lastUsed.userName)).find((k) => k.accessKeyId === accessKeyId);
    if (!key) return { ...usage, note: `Key not listed for IAM user ${lastUsed.userName}; age unknown.` };
    return { ...usage, status: key.status, createdAt: key.createDate };
  } catch (e) {
    if (isAppError(e) && (e.code === "NOT_FOUND" || e.code === "FORBIDDEN")) return { note: "Not found in the connected AWS account (it may belong to another account)." };
    if (isAppError(e)) return { note: `IAM lookup failed: ${e.userMessage}` };
    throw e;
  }
}

/** One lookup per distinct key id; a key that cannot be looked up gets a note, never fails the scan. */
export async function lookUpKeys(iam: IamPort, accessKeyIds: readonly string[], concurrency = 4): Promise<Map<string, KeyUsage>> {
  const ids = [...new Set(accessKeyIds)];
  const usages = await mapLimit(ids, concurrency, (id) => lookUpKeyUsage(iam, id));
  return new Map(ids.map((id, i) => [id, usages[i]!]));
}
