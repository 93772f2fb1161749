/**
 * `apply(operations, ports, recorder)`: run a plan's operations in order through the ports. Each
 * operation is handed to the recorder before it runs and after it succeeds or fails; a failure
 * skips the operations that depend on it (transitively) and keeps going with the rest, so a later
 * run (which re-plans from the actual state) completes what is left.
 */
import type { IamPort } from "@/lib/aws/port";
import type { GitLabPort } from "@/lib/gitlab/port";
import { isAppError } from "@/lib/errors";
import { MANAGED_VARIABLE_DESCRIPTION, type Operation } from "./types";

export interface ReconcilePorts {
  /** The IAM port for an AWS account (12-digit id). */
  iam(accountId: string): IamPort;
  gitlab: GitLabPort;
}

export interface OperationError {
  code: string;
  message: string;
  requestId: string | null;
}

export interface ApplyRecorder {
  /** Called before the operation's write is sent. */
  started(op: Operation, index: number): Promise<void>;
  succeeded(op: Operation, index: number, requestId: string | null): Promise<void>;
  failed(op: Operation, index: number, error: OperationError): Promise<void>;
  skipped(op: Operation, index: number, reason: string): Promise<void>;
}

export type OperationStatus = "done" | "failed" | "skipped";

export interface ApplyResult {
  done: number;
  failed: number;
  skipped: number;
  statuses: { key: string; status: OperationStatus }[];
}

/** Run one operation's write; returns the upstream request id when the API gives one. */
export async function execute(op: Operation, ports: ReconcilePorts): Promise<string | null> {
  switch (op.kind) {
    case "oidc-provider.create":
      return (await ports.iam(op.accountId).createOpenIDConnectProvider({ url: op.url, clientIds: op.clientIds })).requestId;
    case "oidc-provider.add-client-id":
      return (await ports.iam(op.accountId).addClientIdToOpenIDConnectProvider(op.providerArn, op.clientId)).requestId;
    case "trust-policy.update":
      return (await ports.iam(op.accountId).updateAssumeRolePolicy(op.roleName, op.document)).requestId;
    case "variable.create":
      return (await ports.gitlab.createVariable(op.target, {
        key: op.variable.key,
        value: op.variable.value,
        environmentScope: op.variable.environmentScope,
        protected: op.variable.protected,
        masked: false,
        raw: true,
        description: MANAGED_VARIABLE_DESCRIPTION,
      })).requestId;
    case "variable.update":
      return (await ports.gitlab.updateVariable(op.target, op.variable.key, op.variable.environmentScope, {
        value: op.variable.value,
        protected: op.variable.protected,
        masked: false,
        raw: true,
        description: MANAGED_VARIABLE_DESCRIPTION,
      })).requestId;
    case "variable.delete":
      return (await ports.gitlab.deleteVariable(op.target, op.variable.key, op.variable.environmentScope)).requestId;
  }
}

export function operationError(e: unknown): OperationError {
  if (isAppError(e)) {
    const requestId = e.details?.requestId;
    return { code: e.code, message: e.userMessage, requestId: typeof requestId === "string" ? requestId : null };
  }
  return { code: "INTERNAL", message: e instanceof Error ? e.message : String(e), requestId: null };
}

export async function apply(operations: readonly Operation[], ports: ReconcilePorts, recorder: ApplyRecorder): Promise<ApplyResult> {
  const blocked = new Map<string, string>();
  const result: ApplyResult = { done: 0, failed: 0, skipped: 0, statuses: [] };
  for (const [index, op] of operations.entries()) {
    const cause = op.dependsOn.find((key) => blocked.has(key));
    if (cause !== undefined) {
      const reason = `skipped: ${cause} did not complete`;
      blocked.set(op.key, reason);
      await recorder.skipped(op, index, reason);
      result.skipped++;
      result.statuses.push({ key: op.key, status: "skipped" });
      continue;
    }
    await recorder.started(op, index);
    let requestId: string | null;
    try {
      requestId = await execute(op, ports);
    } catch (e) {
      const error = operationError(e);
      blocked.set(op.key, error.message);
      await recorder.failed(op, index, error);
      result.failed++;
      result.statuses.push({ key: op.key, status: "failed" });
      continue;
    }
    await recorder.succeeded(op, index, requestId);
    result.done++;
    result.statuses.push({ key: op.key, status: "done" });
  }
  return result;
}
