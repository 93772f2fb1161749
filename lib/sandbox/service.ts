/**
 * The built-in sandbox: an AWS account and a GitLab instance that exist only inside trustmap, so
 * the whole loop (request → approve → plan → apply → simulate → drift → inventory) works in demo
 * mode with no cloud account. They are the in-memory ports (./aws/memory-iam.ts,
 * ./gitlab/memory-port.ts — product code: the contract tests in tests/unit/aws/iam-port-contract.ts
 * and tests/integration/gitlab/parity.test.ts keep proving them against moto and the GitLab fake),
 * with their state persisted in Postgres (./persisted.ts, ./store.ts).
 *
 * When the sandbox is used (decided in two places only):
 * - IAM: per account, in lib/reconcile/ports.ts — an account flagged `sandbox` (the seeded demo
 *   account) is always served by the sandbox IAM; every account an admin adds is real and goes
 *   through the AWS SDK.
 * - GitLab: in lib/gitlab/connection.ts — the sandbox GitLab when demo mode is on
 *   (TRUSTMAP_DEMO=1) and GITLAB_TOKEN is unset. Setting GITLAB_TOKEN replaces it.
 */
import "server-only";
import { appendAuditEvent } from "@/lib/audit/service";
import type { IamPort } from "@/lib/aws/port";
import { getDb } from "@/lib/db/client";
import type { Db, Tx } from "@/lib/db/prisma";
import { AppError, notFound } from "@/lib/errors";
import { providerArnOf } from "@/lib/mappings/model";
import type { ReconcilePorts } from "@/lib/reconcile/apply";
import type { CurrentUser } from "@/lib/users/current-user";
import { createMemoryIam, type MemoryIamState } from "./aws/memory-iam";
import type { MemoryGitLabState } from "./gitlab/memory-port";
import { OUT_OF_BAND_PATTERN, widenTrustPolicy, type OutOfBandEdit } from "./out-of-band";
import { persistedGitLab, persistedIam, type SandboxGitLabPort } from "./persisted";
import * as store from "./store";

/** The sandbox IAM of one sandbox account. */
export function sandboxIam(accountId: string, db: Db = getDb()): IamPort {
  return persistedIam(accountId, store.stateCell<MemoryIamState>(db, store.iamStateKey(accountId)));
}

/** The sandbox GitLab instance. */
export function sandboxGitLab(db: Db = getDb()): SandboxGitLabPort {
  return persistedGitLab(store.stateCell<MemoryGitLabState>(db, store.GITLAB_STATE_KEY));
}

/** Store sandbox states wholesale (the demo seed): accounts' IAM and the GitLab instance, in the caller's transaction. */
export async function storeSandbox(tx: Tx, sandbox: { iam?: MemoryIamState[]; gitlab?: MemoryGitLabState }): Promise<void> {
  for (const state of sandbox.iam ?? []) await store.putState(tx, store.iamStateKey(state.accountId), state);
  if (sandbox.gitlab) await store.putState(tx, store.GITLAB_STATE_KEY, sandbox.gitlab);
}

/** Ports on nothing but the sandbox (IAM of any account id, and GitLab): the demo seed's first apply. */
export function sandboxPorts(db: Db = getDb()): ReconcilePorts {
  const gitlab = sandboxGitLab(db);
  return { iam: (accountId) => sandboxIam(accountId, db), gitlab };
}

/** The ids of the AWS accounts the sandbox serves, for pages to label their data "sandbox". */
export function sandboxAccountIds(): Promise<string[]> {
  return store.sandboxAccountIds(getDb());
}

/** The registered roles of sandbox accounts (what the out-of-band edit can change). */
export function listSandboxRoles() {
  return store.listSandboxRoles(getDb());
}

/**
 * Change a sandbox role's trust policy behind trustmap's back, as someone in the AWS console
 * would (./out-of-band.ts), so a newcomer can see drift found and reverted. Sandbox roles only; the
 * read, the write and the audit event happen in one transaction under the sandbox state's lock.
 */
export async function editTrustPolicyOutOfBand(actor: CurrentUser, input: { roleArn: string }): Promise<{ roleName: string; what: OutOfBandEdit["what"]; pattern: string }> {
  const db = getDb();
  const role = await store.findRoleWithAccount(db, input.roleArn);
  if (!role) throw notFound("No registered role has this ARN.");
  const account = role.awsAccount;
  if (!account.sandbox) {
    throw new AppError("BAD_INPUT", "Only roles of the sandbox account can be changed here: a real account's trust policies change only through a reviewed apply.");
  }
  return db.$transaction(async (tx) => {
    const cell = store.stateCellInTx<MemoryIamState>(tx, store.iamStateKey(account.accountId));
    const what = await cell.update(async (state) => {
      const iam = createMemoryIam(state ? { state } : { accountId: account.accountId });
      const current = await iam.getRole(role.name);
      const edit = widenTrustPolicy(current.trustPolicy.text, { issuerUrl: account.issuerUrl, providerArn: providerArnOf(account), audience: account.audiences[0] ?? "sts.amazonaws.com" });
      await iam.updateAssumeRolePolicy(role.name, edit.document);
      return { result: edit.what, state: iam.exportState() };
    });
    await appendAuditEvent(tx, {
      actorId: actor.id,
      actorLabel: actor.username,
      action: "sandbox.changed",
      resourceType: "iam_role",
      resourceId: role.id,
      data: { change: "trust_policy.edited_out_of_band", roleArn: role.arn, what, pattern: OUT_OF_BAND_PATTERN },
    });
    return { roleName: role.name, what, pattern: OUT_OF_BAND_PATTERN };
  });
}
