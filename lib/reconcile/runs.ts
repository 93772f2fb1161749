/**
 * How a reconcile run is recorded: who ran it, the `target` column of each operation, what the
 * audit log keeps of an operation, and what trustmap itself last wrote. Pure: the store writes and
 * reads the rows, these rules say what goes in them.
 */
import { targetKey } from "./targets";
import type { Operation, OperationKind, Plan } from "./types";

/** Who runs a reconcile: a user, or a system actor ("cli", "schedule") with no user id. */
export interface ReconcileActor {
  id: string | null;
  label: string;
}

/** Onboarding creates mapping requests, which need a requesting user. */
export interface AdoptActor extends ReconcileActor {
  id: string;
}

/** `seed`: the demo seed's first apply on the sandbox (lib/demo/seed.ts). */
export type ReconcileTrigger = "ui" | "cli" | "schedule" | "api" | "seed";

/** Operation kinds whose `target` column is a GitLab target key (see `operationTarget`). */
export const VARIABLE_WRITE_KINDS: OperationKind[] = ["variable.create", "variable.update"];

/** The `target` column: a GitLab target key for variables, the role ARN, or the provider. */
export function operationTarget(op: Operation): string {
  switch (op.kind) {
    case "oidc-provider.create":
      return `${op.accountId}:${op.url}`;
    case "oidc-provider.add-client-id":
      return op.providerArn;
    case "trust-policy.update":
      return op.roleArn;
    default:
      return targetKey(op.target);
  }
}

/** What the audit log keeps of an operation: everything but the full policy document (its diff says what changed). */
export function auditedOperation(op: Operation): Record<string, unknown> {
  if (op.kind !== "trust-policy.update") return op;
  return Object.fromEntries(Object.entries(op).filter(([key]) => key !== "document"));
}

export interface LastApplied {
  /** Role ARN → the document trustmap last wrote. */
  trustPolicies: Record<string, string>;
  /** Variable operation key → the value trustmap last wrote, or null when it last deleted it. */
  variables: Record<string, { value: string; protected: boolean } | null>;
}

/** Folds the latest done write per operation key (as recorded) into what trustmap last wrote. */
export function lastAppliedFrom(latestWrites: readonly Operation[]): LastApplied {
  const last: LastApplied = { trustPolicies: {}, variables: {} };
  for (const op of latestWrites) {
    if (op.kind === "trust-policy.update") last.trustPolicies[op.roleArn] = op.document;
    else if (op.kind === "variable.delete") last.variables[op.key] = null;
    else if (op.kind === "variable.create" || op.kind === "variable.update") last.variables[op.key] = { value: op.variable.value, protected: op.variable.protected };
  }
  return last;
}

/** The run summary recorded for a plan (and the apply or drift check built on it); `unread` names what could not be read. */
export function planSummary(plan: Plan): Record<string, unknown> {
  return {
    ...plan.summary,
    hash: plan.hash,
    problems: plan.problems.length,
    blocking: plan.problems.filter((p) => p.severity === "blocking").map((p) => p.message),
    unread: plan.unread.map((part) => part.message),
  };
}

/**
 * What a plan left out that someone must look at: parts it could not read and roles it held
 * back. A plan with any is incomplete (the CLI exits 1, the plan run is recorded as failed), but
 * what it does hold can still be applied.
 */
export function leftOut(plan: Pick<Plan, "problems" | "unread">): string[] {
  const unread = new Set(plan.unread.map((part) => part.message));
  return [...unread, ...plan.problems.filter((p) => p.severity === "blocking" && !unread.has(p.message)).map((p) => p.message)];
}
