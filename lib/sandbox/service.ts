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
import type { IamPort } from "@/lib/aws/port";
import { getDb } from "@/lib/db/client";
import type { Db, Tx } from "@/lib/db/prisma";
import type { MemoryIamState } from "./aws/memory-iam";
import type { MemoryGitLabState } from "./gitlab/memory-port";
import { persistedGitLab, persistedIam, type SandboxGitLabPort } from "./persisted";
import * as store from "./store";
import type { ReconcilePorts } from "@/lib/reconcile/apply";

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
