/**
 * The reconciler's entry points for server actions, the CLI and the schedule: load the desired
 * state, read the actual state, plan, and (under the one apply lock) apply with every operation
 * recorded and audited.
 */
import "server-only";
import { getDb } from "@/lib/db/client";
import { loadDesiredState } from "@/lib/db/desired-state";
import { saveActualSnapshot } from "@/lib/db/actual-snapshot";
import type { Db } from "@/lib/db/prisma";
import {
  closeInterruptedApplies,
  createDbRecorder,
  createRun,
  finishRun,
  findRunningApply,
  loadLastApplied,
  tryAcquireApplyLock,
  type ReconcileActor,
  type ReconcileTrigger,
} from "@/lib/db/reconcile-runs";
import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { apply, type ApplyRecorder, type ApplyResult, type OperationStatus, type ReconcilePorts } from "./apply";
import { detectDrift, type DriftReport } from "./drift";
import { plan as computePlanFrom } from "./plan";
import { createPortsFromConfig } from "./ports";
import { readActualState } from "./reader";
import type { ActualState, DesiredState, Operation, Plan } from "./types";

export interface ReconcileOptions {
  /** Default: ports from the environment (GITLAB_URL/GITLAB_TOKEN, the AWS default chain). */
  ports?: ReconcilePorts;
  db?: Db;
  /** For the apply lock's dedicated connection. Default DATABASE_URL. */
  databaseUrl?: string;
  /** Called after each operation is recorded (progress, tests). */
  onOperationFinished?: (op: Operation, index: number, status: OperationStatus) => void | Promise<void>;
}

export interface PlannedState {
  desired: DesiredState;
  actual: ActualState;
  plan: Plan;
}

async function withPorts<T>(db: Db, options: ReconcileOptions, fn: (ports: ReconcilePorts) => Promise<T>): Promise<T> {
  if (options.ports) return fn(options.ports);
  const accounts = await db.awsAccount.findMany({ select: { accountId: true, managementRoleArn: true } });
  const ports = createPortsFromConfig(accounts);
  try {
    return await fn(ports);
  } finally {
    ports.close();
  }
}

async function planWith(db: Db, ports: ReconcilePorts): Promise<PlannedState> {
  const desired = await loadDesiredState(db);
  const actual = await readActualState(desired, ports);
  await saveActualSnapshot(db, desired, actual);
  return { desired, actual, plan: computePlanFrom(desired, actual) };
}

/** Read both systems and plan, recording nothing. */
export async function computePlan(options: ReconcileOptions = {}): Promise<PlannedState> {
  const db = options.db ?? getDb();
  return withPorts(db, options, (ports) => planWith(db, ports));
}

function planSummary(plan: Plan): Record<string, unknown> {
  return { ...plan.summary, hash: plan.hash, refused: plan.refused, problems: plan.problems.length, blocking: plan.problems.filter((p) => p.severity === "blocking").map((p) => p.message) };
}

/** Plan and record the run (kind plan). The plan itself is returned, not stored. */
export async function planReconcile(actor: ReconcileActor, trigger: ReconcileTrigger, options: ReconcileOptions = {}): Promise<{ runId: string; plan: Plan }> {
  const db = options.db ?? getDb();
  const { plan } = await computePlan({ ...options, db });
  const runId = await createRun(db, { kind: "plan", trigger, actor, summary: planSummary(plan), status: plan.refused ? "failed" : "succeeded", error: plan.refused ? "refused" : undefined });
  return { runId, plan };
}

export interface ApplyOutcome {
  runId: string;
  status: "succeeded" | "failed" | "partial";
  result: ApplyResult;
  plan: Plan;
}

async function lockedOrThrow(db: Db, databaseUrl: string) {
  const lock = await tryAcquireApplyLock(databaseUrl);
  if (lock) return lock;
  const holder = await findRunningApply(db);
  const who = holder ? `${holder.startedBy} (${holder.trigger}) since ${holder.startedAt.toISOString()}, run ${holder.runId}` : "another instance (starting up)";
  throw new AppError("LOCKED", `Another apply is running: started by ${who}. Try again when it has finished.`, { details: { holder } });
}

function withProgress(recorder: ApplyRecorder, hook: ReconcileOptions["onOperationFinished"]): ApplyRecorder {
  if (!hook) return recorder;
  return {
    started: recorder.started,
    succeeded: async (op, i, requestId) => {
      await recorder.succeeded(op, i, requestId);
      await hook(op, i, "done");
    },
    failed: async (op, i, error) => {
      await recorder.failed(op, i, error);
      await hook(op, i, "failed");
    },
    skipped: async (op, i, reason) => {
      await recorder.skipped(op, i, reason);
      await hook(op, i, "skipped");
    },
  };
}

/**
 * Apply the approved desired state. One apply at a time across every instance (advisory lock;
 * a second caller gets LOCKED naming the holder). The plan is recomputed under the lock; when
 * `expectedPlanHash` is given (the plan the user saw) and the plan changed, nothing is applied.
 */
export async function applyReconcile(
  actor: ReconcileActor,
  input: { trigger: ReconcileTrigger; expectedPlanHash?: string },
  options: ReconcileOptions = {},
): Promise<ApplyOutcome> {
  const db = options.db ?? getDb();
  const databaseUrl = options.databaseUrl ?? config().databaseUrl;
  if (!databaseUrl) throw new AppError("CONFIG", "DATABASE_URL is not set.");
  const lock = await lockedOrThrow(db, databaseUrl);
  try {
    await closeInterruptedApplies(db);
    return await withPorts(db, options, async (ports) => {
      const { plan } = await planWith(db, ports);
      if (plan.refused) {
        const reasons = plan.problems.filter((p) => p.severity === "blocking").map((p) => p.message);
        await createRun(db, { kind: "apply", trigger: input.trigger, actor, summary: planSummary(plan), status: "failed", error: `refused: ${reasons.join("; ")}` });
        throw new AppError("CONFLICT", `The plan is refused: ${reasons.join("; ")}`, { details: { reasons } });
      }
      if (input.expectedPlanHash !== undefined && input.expectedPlanHash !== plan.hash) {
        throw new AppError("CONFLICT", "The plan changed since it was shown (someone approved, revoked or edited something). Review the new plan and apply again.", { details: { hash: plan.hash } });
      }
      const runId = await createRun(db, { kind: "apply", trigger: input.trigger, actor, summary: planSummary(plan), operations: plan.operations });
      let result: ApplyResult;
      try {
        result = await apply(plan.operations, ports, withProgress(createDbRecorder(db, runId, actor), options.onOperationFinished));
      } catch (e) {
        await finishRun(db, runId, "failed", {}, e instanceof Error ? e.message : String(e)).catch(() => {});
        throw e;
      }
      const status = result.failed + result.skipped === 0 ? "succeeded" : result.done > 0 ? "partial" : "failed";
      await finishRun(db, runId, status, { done: result.done, failed: result.failed, skipped: result.skipped });
      return { runId, status, result, plan };
    });
  } finally {
    await lock.release();
  }
}

/** Compare actual with desired and with what trustmap last wrote; recorded as a drift run, audited when something drifted. */
export async function checkDrift(actor: ReconcileActor, trigger: ReconcileTrigger, options: ReconcileOptions = {}): Promise<{ runId: string; report: DriftReport; plan: Plan }> {
  const db = options.db ?? getDb();
  const { plan, actual } = await computePlan({ ...options, db });
  const report = detectDrift(plan, actual, await loadLastApplied(db));
  const counts: Record<string, number> = {};
  for (const item of report.items) counts[item.kind] = (counts[item.kind] ?? 0) + 1;
  const runId = await createRun(db, {
    kind: "drift",
    trigger,
    actor,
    // A check that could not read everything did not succeed, whatever it found in the rest.
    status: report.unchecked.length > 0 ? "failed" : "succeeded",
    error: report.unchecked.length > 0 ? `Could not check: ${report.unchecked.join(" ")}` : undefined,
    summary: { ...planSummary(plan), drifted: report.drifted, inSync: report.inSync, unchecked: report.unchecked, counts, items: report.items.slice(0, 200) },
    audit: report.drifted ? { action: "reconcile.drift_found", data: { counts, items: report.items.filter((i) => i.kind !== "pending-change").slice(0, 50) } } : undefined,
  });
  return { runId, report, plan };
}
