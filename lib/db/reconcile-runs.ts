import "server-only";
import { saveWrittenTrustPolicy } from "./actual-snapshot";
import pg from "pg";
import { appendAuditEvent, type AuditAction } from "@/lib/audit/service";
import type { ApplyRecorder, OperationError } from "@/lib/reconcile/apply";
import { targetKey } from "@/lib/reconcile/targets";
import type { Operation } from "@/lib/reconcile/types";
import type { Db, DbOrTx } from "./prisma";

/** Who runs a reconcile: a user, or a system actor ("cli", "schedule") with no user id. */
export interface ReconcileActor {
  id: string | null;
  label: string;
}

export type ReconcileTrigger = "ui" | "cli" | "schedule" | "api";

// One apply at a time across every app instance. A session-level advisory lock on a dedicated
// connection: if the holder crashes, Postgres drops its connection and the lock with it.
export const APPLY_LOCK_KEY = 7_314_170;

export interface ApplyLock {
  release(): Promise<void>;
}

export async function tryAcquireApplyLock(databaseUrl: string): Promise<ApplyLock | null> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "trustmap-apply-lock" });
  await client.connect();
  // A broken lock connection must not crash the process; the lock is gone with it anyway.
  client.on("error", () => {});
  try {
    const { rows } = await client.query<{ locked: boolean }>("select pg_try_advisory_lock($1) as locked", [APPLY_LOCK_KEY]);
    if (rows[0]?.locked !== true) {
      await client.end();
      return null;
    }
  } catch (e) {
    await client.end().catch(() => {});
    throw e;
  }
  return {
    async release() {
      await client.query("select pg_advisory_unlock($1)", [APPLY_LOCK_KEY]).catch(() => {});
      await client.end().catch(() => {});
    },
  };
}

export interface RunHolder {
  runId: string;
  startedBy: string;
  trigger: string;
  startedAt: Date;
}

/** The apply that holds the lock, as its reconcile_runs row says. */
export async function findRunningApply(db: DbOrTx): Promise<RunHolder | null> {
  const run = await db.reconcileRun.findFirst({
    where: { kind: "apply", status: "running" },
    orderBy: { startedAt: "desc" },
    include: { startedBy: { select: { username: true } } },
  });
  if (!run) return null;
  const summary = (run.summary ?? {}) as { actorLabel?: string };
  return { runId: run.id, startedBy: run.startedBy?.username ?? summary.actorLabel ?? run.trigger, trigger: run.trigger, startedAt: run.startedAt };
}

/**
 * Called while holding the lock: any apply still marked running was cut off (its process died
 * with the lock). Its unfinished operations are closed so the history says what is unknown.
 */
export async function closeInterruptedApplies(db: Db): Promise<number> {
  return db.$transaction(async (tx) => {
    const stale = await tx.reconcileRun.findMany({ where: { kind: "apply", status: "running" }, select: { id: true } });
    if (stale.length === 0) return 0;
    const ids = stale.map((r) => r.id);
    const now = new Date();
    await tx.reconcileOperation.updateMany({ where: { runId: { in: ids }, status: "running" }, data: { status: "failed", error: "interrupted: the apply stopped while this operation ran; the next plan shows whether it took effect", finishedAt: now } });
    await tx.reconcileOperation.updateMany({ where: { runId: { in: ids }, status: "pending" }, data: { status: "skipped", error: "interrupted before it ran", finishedAt: now } });
    await tx.reconcileRun.updateMany({ where: { id: { in: ids } }, data: { status: "failed", error: "interrupted (the process stopped before the apply finished)", finishedAt: now } });
    return ids.length;
  });
}

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

export async function createRun(
  db: Db,
  input: { kind: "plan" | "apply" | "drift"; trigger: ReconcileTrigger; actor: ReconcileActor; summary: Record<string, unknown>; status?: "running" | "succeeded" | "failed"; error?: string; operations?: readonly Operation[]; audit?: { action: AuditAction; data: Record<string, unknown> } },
): Promise<string> {
  return db.$transaction(async (tx) => {
    const done = input.status !== undefined && input.status !== "running";
    const run = await tx.reconcileRun.create({
      data: {
        kind: input.kind,
        trigger: input.trigger,
        startedById: input.actor.id,
        status: input.status ?? "running",
        summary: { ...input.summary, actorLabel: input.actor.label } as object,
        error: input.error,
        finishedAt: done ? new Date() : null,
      },
    });
    if (input.operations && input.operations.length > 0) {
      await tx.reconcileOperation.createMany({
        data: input.operations.map((op, seq) => ({ runId: run.id, seq, kind: op.kind, target: operationTarget(op), payload: op as object })),
      });
    }
    if (input.audit) {
      await appendAuditEvent(tx, { actorId: input.actor.id, actorLabel: input.actor.label, action: input.audit.action, resourceType: "reconcile_run", resourceId: run.id, data: input.audit.data });
    }
    return run.id;
  });
}

export async function finishRun(db: DbOrTx, runId: string, status: "succeeded" | "failed" | "partial", summary: Record<string, unknown>, error?: string): Promise<void> {
  const run = await db.reconcileRun.findUniqueOrThrow({ where: { id: runId }, select: { summary: true } });
  await db.reconcileRun.update({
    where: { id: runId },
    data: { status, summary: { ...((run.summary ?? {}) as object), ...summary } as object, error: error ?? null, finishedAt: new Date() },
  });
}

/** Records each operation before (running) and after (done/failed/skipped); done ones are audited in the same transaction. */
export function createDbRecorder(db: Db, runId: string, actor: ReconcileActor): ApplyRecorder {
  const where = (seq: number) => ({ runId_seq: { runId, seq } });
  return {
    async started(_op, seq) {
      await db.reconcileOperation.update({ where: where(seq), data: { status: "running", startedAt: new Date() } });
    },
    async succeeded(op, seq, requestId) {
      await db.$transaction(async (tx) => {
        await tx.reconcileOperation.update({ where: where(seq), data: { status: "done", requestId, finishedAt: new Date() } });
        if (op.kind === "trust-policy.update") await saveWrittenTrustPolicy(tx, op.roleArn, op.document);
        await appendAuditEvent(tx, {
          actorId: actor.id,
          actorLabel: actor.label,
          action: "reconcile.applied",
          resourceType: op.kind,
          resourceId: operationTarget(op),
          data: { runId, seq, operation: auditedOperation(op), requestId },
        });
      });
    },
    async failed(_op, seq, error: OperationError) {
      await db.reconcileOperation.update({ where: where(seq), data: { status: "failed", requestId: error.requestId, error: `${error.code}: ${error.message}`, finishedAt: new Date() } });
    },
    async skipped(_op, seq, reason) {
      await db.reconcileOperation.update({ where: where(seq), data: { status: "skipped", error: reason, finishedAt: new Date() } });
    },
  };
}

/** What the audit log keeps of an operation: everything but the full policy document (its diff says what changed). */
function auditedOperation(op: Operation): Record<string, unknown> {
  if (op.kind !== "trust-policy.update") return op;
  return Object.fromEntries(Object.entries(op).filter(([key]) => key !== "document"));
}

export async function getRunWithOperations(db: DbOrTx, runId: string) {
  return db.reconcileRun.findUnique({
    where: { id: runId },
    include: { startedBy: { select: { username: true } }, operations: { orderBy: { seq: "asc" } } },
  });
}

export async function listRecentRuns(db: DbOrTx, take = 20) {
  return db.reconcileRun.findMany({ orderBy: { startedAt: "desc" }, take, include: { startedBy: { select: { username: true } } } });
}

export interface LastApplied {
  /** Role ARN → the document trustmap last wrote. */
  trustPolicies: Record<string, string>;
  /** Variable operation key → the value trustmap last wrote, or null when it last deleted it. */
  variables: Record<string, { value: string; protected: boolean } | null>;
}

/** What trustmap itself last wrote, to tell out-of-band edits from approved changes not yet applied. */
export async function loadLastApplied(db: DbOrTx): Promise<LastApplied> {
  // The latest done write per operation key (one row per role / variable, however long the history).
  const rows = await db.$queryRaw<{ payload: unknown }[]>`
    select distinct on (payload->>'key') payload
    from reconcile_operations
    where status = 'done' and kind in ('trust-policy.update', 'variable.create', 'variable.update', 'variable.delete')
    order by payload->>'key', finished_at desc`;
  const last: LastApplied = { trustPolicies: {}, variables: {} };
  for (const { payload } of rows) {
    const op = payload as unknown as Operation;
    if (op.kind === "trust-policy.update") last.trustPolicies[op.roleArn] = op.document;
    else if (op.kind === "variable.delete") last.variables[op.key] = null;
    else if (op.kind === "variable.create" || op.kind === "variable.update") last.variables[op.key] = { value: op.variable.value, protected: op.variable.protected };
  }
  return last;
}

/** A run and its operations' progress, for the Reconcile page and GET /api/v1/reconcile/runs/:id. */
export async function getRunView(db: DbOrTx, runId: string) {
  const run = await getRunWithOperations(db, runId);
  if (!run) return null;
  const counts = { pending: 0, running: 0, done: 0, failed: 0, skipped: 0 };
  for (const op of run.operations) counts[op.status] += 1;
  return {
    id: run.id,
    kind: run.kind,
    status: run.status,
    trigger: run.trigger,
    startedBy: run.startedBy?.username ?? ((run.summary ?? {}) as { actorLabel?: string }).actorLabel ?? null,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    error: run.error,
    summary: run.summary,
    counts,
    operations: run.operations.map((op) => ({ seq: op.seq, kind: op.kind, target: op.target, status: op.status, requestId: op.requestId, error: op.error, startedAt: op.startedAt, finishedAt: op.finishedAt })),
  };
}
