/**
 * The reconciler's entry points for pages, server actions, routes, the CLI and the schedule: load
 * the desired state, read the actual state, plan, and (under the one apply lock) apply with every
 * operation recorded and audited; the run history; and onboarding (adopt a grant found in IAM,
 * discover and import roles that already trust GitLab), which only creates mapping requests:
 * nothing reaches IAM before someone approves them. Rows are read and written in ./store.ts.
 */
import "server-only";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { createPrismaClient, type Db } from "@/lib/db/prisma";
import { AppError, notFound } from "@/lib/errors";
import { checkGitLabSinceApproval } from "@/lib/gitlab-facts/service";
import { connectGitLab } from "@/lib/gitlab/connection";
import { providerArnOf } from "@/lib/mappings/model";
import { proposeMappings, type MappingProposal, type Unadoptable } from "./adopt";
import { apply, type ApplyRecorder, type ApplyResult, type OperationStatus, type ReconcilePorts } from "./apply";
import { detectDrift, driftFindings, driftSummary, isNewDrift, refUnprotectedNotices, withGitLabSinceApproval, type DriftReport } from "./drift";
import { plan as computePlanFrom } from "./plan";
import { createPortsFromConfig } from "./ports";
import { readActualState } from "./reader";
import { leftOut, operationTarget, planSummary, type AdoptActor, type ReconcileActor, type ReconcileTrigger } from "./runs";
import type { ReconcileSettings } from "./settings";
import * as store from "./store";
import type { ActualState, DesiredState, Operation, Plan } from "./types";
import type { NotifyEvent } from "@/lib/notify/events";

export interface ReconcileOptions {
  /** Default: ports from the configuration (GITLAB_URL/GITLAB_TOKEN, the AWS default chain). */
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

async function withPorts<T>(db: Db, options: Pick<ReconcileOptions, "ports">, fn: (ports: ReconcilePorts) => Promise<T>): Promise<T> {
  if (options.ports) return fn(options.ports);
  const ports = createPortsFromConfig(await store.listAccountAccess(db), config(), db);
  try {
    return await fn(ports);
  } finally {
    ports.close();
  }
}

async function planWith(db: Db, ports: ReconcilePorts): Promise<PlannedState> {
  const desired = await store.loadDesiredState(db);
  const actual = await readActualState(desired, ports);
  await store.saveActualSnapshot(db, desired, actual);
  return { desired, actual, plan: computePlanFrom(desired, actual) };
}

/** Read both systems and plan, recording nothing. */
export async function computePlan(options: ReconcileOptions = {}): Promise<PlannedState> {
  const db = options.db ?? getDb();
  return withPorts(db, options, (ports) => planWith(db, ports));
}

/**
 * Plan and record the run (kind plan). The plan itself is returned, not stored. A plan that left
 * something out (unread, held back) is recorded as failed naming it, as a drift check that could
 * not see everything is: it cannot vouch for those parts.
 */
export async function planReconcile(actor: ReconcileActor, trigger: ReconcileTrigger, options: ReconcileOptions = {}): Promise<{ runId: string; plan: Plan }> {
  const db = options.db ?? getDb();
  const { plan } = await computePlan({ ...options, db });
  const missing = leftOut(plan);
  const runId = await store.createRun(db, {
    kind: "plan",
    trigger,
    actor,
    summary: planSummary(plan),
    status: missing.length > 0 ? "failed" : "succeeded",
    error: missing.length > 0 ? `incomplete: ${missing.join(" ")}` : undefined,
  });
  return { runId, plan };
}

export interface ApplyOutcome {
  runId: string;
  status: "succeeded" | "failed" | "partial";
  result: ApplyResult;
  plan: Plan;
}

async function lockedOrThrow(db: Db, databaseUrl: string) {
  const lock = await store.tryAcquireApplyLock(databaseUrl);
  if (lock) return lock;
  const holder = await store.findRunningApply(db);
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

/** Also writes one line per failed or skipped operation into `lines` (what "apply failed" lists). */
function noteFailures(recorder: ApplyRecorder, lines: string[]): ApplyRecorder {
  return {
    started: recorder.started,
    succeeded: recorder.succeeded,
    failed: async (op, i, error) => {
      await recorder.failed(op, i, error);
      lines.push(`${op.kind} ${operationTarget(op)}: ${error.code}: ${error.message}`);
    },
    skipped: async (op, i, reason) => {
      await recorder.skipped(op, i, reason);
      lines.push(`${op.kind} ${operationTarget(op)}: ${reason}`);
    },
  };
}

function applyFailed(runId: string, actor: ReconcileActor, failedOperations: number, error: string, operations: string[]): NotifyEvent {
  return { kind: "reconcile.apply_failed", actor, data: { runId, failedOperations, error, operations } };
}

/**
 * Apply the approved desired state. One apply at a time across every instance (advisory lock;
 * a second caller gets LOCKED naming the holder). The plan is recomputed under the lock; when
 * `expectedPlanHash` is given (the plan the user saw) and the plan changed, nothing is applied.
 * What the plan left out (unread parts, held-back roles) has no operation and is not touched.
 * An apply that ends failed or partial tells admins and approvers ("apply failed") in the
 * transaction that closes its run; a refused plan is not an apply that failed (nothing was
 * attempted, and whoever asked gets the refusal at once).
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
    await store.closeInterruptedApplies(db);
    return await withPorts(db, options, async (ports) => {
      const { plan } = await planWith(db, ports);
      if (input.expectedPlanHash !== undefined && input.expectedPlanHash !== plan.hash) {
        throw new AppError("CONFLICT", "The plan changed since it was shown (someone approved, revoked or edited something). Review the new plan and apply again.", { details: { hash: plan.hash } });
      }
      const runId = await store.createRun(db, { kind: "apply", trigger: input.trigger, actor, summary: planSummary(plan), operations: plan.operations });
      let result: ApplyResult;
      const failures: string[] = [];
      try {
        result = await apply(plan.operations, ports, withProgress(noteFailures(store.createDbRecorder(db, runId, actor), failures), options.onOperationFinished));
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        await store.finishRun(db, runId, "failed", {}, error, applyFailed(runId, actor, failures.length, `stopped: ${error}`, failures)).catch(() => {});
        throw e;
      }
      const status = result.failed + result.skipped === 0 ? "succeeded" : result.done > 0 ? "partial" : "failed";
      const outcome = `${result.failed} of ${plan.operations.length} operations failed${result.skipped ? `, ${result.skipped} skipped` : ""}, ${result.done} done`;
      await store.finishRun(db, runId, status, { done: result.done, failed: result.failed, skipped: result.skipped }, undefined, status === "succeeded" ? undefined : applyFailed(runId, actor, result.failed, outcome, failures));
      return { runId, status, result, plan };
    });
  } finally {
    await lock.release();
  }
}

/**
 * Compare actual with desired and with what trustmap last wrote, and GitLab's side of approved
 * mappings with how it was when they were approved (reading the mapped projects' facts again,
 * bounded: lib/gitlab-facts checkGitLabSinceApproval); recorded as a drift run, audited when
 * something drifted, and announced to admins and approvers ("drift found") when the drift is
 * news: some finding the previous check did not report (see isNewDrift).
 */
export async function checkDrift(actor: ReconcileActor, trigger: ReconcileTrigger, options: ReconcileOptions = {}): Promise<{ runId: string; report: DriftReport; plan: Plan }> {
  const db = options.db ?? getDb();
  const { plan, actual } = await computePlan({ ...options, db });
  // GitLab facts through their own service and its port (the facts budget), or the given ports' GitLab.
  const gitlab = await checkGitLabSinceApproval({ db, port: options.ports ? options.ports.gitlab : connectGitLab("facts", config(), db) });
  const report = withGitLabSinceApproval(detectDrift(plan, actual, await store.loadLastApplied(db)), gitlab);
  const recorded = report.items.slice(0, 200);
  const findings = driftFindings(recorded);
  const previous = await store.lastDriftFindings(db);
  const announce = report.drifted && isNewDrift(previous, findings);
  // A mapped ref that lost its protection is its own notification (people who can push it can now
  // obtain the role's credentials), once per ref until a check no longer finds it.
  const unprotected = refUnprotectedNotices(report.items, previous);
  const counts: Record<string, number> = {};
  for (const item of report.items) counts[item.kind] = (counts[item.kind] ?? 0) + 1;
  const runId = await store.createRun(db, {
    kind: "drift",
    trigger,
    actor,
    // A check that could not read everything did not succeed, whatever it found in the rest.
    status: report.unchecked.length > 0 ? "failed" : "succeeded",
    error: report.unchecked.length > 0 ? `Could not check: ${report.unchecked.join(" ")}` : undefined,
    summary: {
      ...planSummary(plan),
      drifted: report.drifted,
      inSync: report.inSync,
      unchecked: report.unchecked,
      counts,
      items: recorded,
      gitlab: { projects: gitlab.projects, refreshed: gitlab.refreshed, leftToRefresh: gitlab.leftToRefresh },
    },
    audit: report.drifted ? { action: "reconcile.drift_found", data: { counts, items: report.items.filter((i) => i.kind !== "pending-change").slice(0, 50) } } : undefined,
    notify:
      announce || unprotected.length > 0
        ? (runId): NotifyEvent[] => [
            ...(announce ? [{ kind: "reconcile.drift_found" as const, actor, data: { runId, trigger, summary: driftSummary(report), findings } }] : []),
            ...unprotected.map((data) => ({ kind: "gitlab.ref_unprotected" as const, actor, data })),
          ]
        : undefined,
  });
  return { runId, report, plan };
}

/** The latest runs, newest first (the Reconcile page's history). */
export function listRecentRuns(take = 20) {
  return store.listRecentRuns(getDb(), take);
}

/** A run with each operation's progress, or null. */
export function getRunView(runId: string) {
  return store.getRunView(getDb(), runId);
}

/** The apply running now on any instance, with its progress, or null. */
export async function getCurrentApplyView() {
  const db = getDb();
  const holder = await store.findRunningApply(db);
  return holder ? store.getRunView(db, holder.runId) : null;
}

export function readReconcileSettings(): Promise<ReconcileSettings> {
  return store.readReconcileSettings(getDb());
}

/**
 * The reconciler on a database client of its own, for a worker outside the app's requests (the
 * drift schedule started by `npm start`). `close()` disconnects it.
 */
export function reconcilerFor(databaseUrl: string) {
  const db = createPrismaClient(databaseUrl);
  return {
    readSettings: () => store.readReconcileSettings(db),
    checkDrift: (actor: ReconcileActor, trigger: ReconcileTrigger) => checkDrift(actor, trigger, { db }),
    close: () => db.$disconnect(),
  };
}

export type OnboardingOptions = Pick<ReconcileOptions, "ports" | "db">;

/** The grants of `document` that trust the account's GitLab provider, as mapping proposals. */
function proposalsFor(document: string, account: { oidcProviderArn: string | null; issuerUrl: string; accountId: string; audiences: string[] }, onlyStatement?: number) {
  return proposeMappings(document, providerArnOf(account), { audienceFallback: account.audiences[0] ?? "sts.amazonaws.com", onlyStatement, includeOwned: true });
}

/** Adopt one statement of a registered role's actual trust policy as mapping requests. */
export async function adoptGrant(actor: AdoptActor, input: { roleArn: string; statementIndex: number; justification: string }, options: OnboardingOptions = {}) {
  const db = options.db ?? getDb();
  const role = await store.findRoleWithAccount(db, input.roleArn);
  if (!role) throw notFound("No registered role has this ARN.");
  return withPorts(db, options, async (ports) => {
    const actual = await ports.iam(role.awsAccount.accountId).getRole(role.name);
    const found = proposalsFor(actual.trustPolicy.text, role.awsAccount, input.statementIndex);
    if (found.proposals.length === 0) {
      throw new AppError("BAD_INPUT", `Nothing to adopt in statement ${input.statementIndex}: ${found.unadoptable.map((u) => u.reason).join("; ") || "it grants nothing to the GitLab provider"}`);
    }
    const created = await store.createAdoptedRequests(db, actor, { roleId: role.id, proposals: found.proposals, justification: input.justification, source: role.arn });
    return { mappingIds: created.mappingIds, unadoptable: found.unadoptable };
  });
}

export interface ImportCandidate {
  accountId: string;
  roleName: string;
  roleArn: string;
  proposals: MappingProposal[];
  unadoptable: Unadoptable[];
}

/** Roles in each connected account, not registered yet, whose trust policy trusts the account's GitLab provider (one ListRoles walk per account). */
export async function discoverImports(options: OnboardingOptions = {}): Promise<ImportCandidate[]> {
  const db = options.db ?? getDb();
  const [accounts, known] = await Promise.all([store.listAccounts(db), store.registeredRoleArns(db)]);
  return withPorts(db, options, async (ports) => {
    const out: ImportCandidate[] = [];
    for (const account of accounts) {
      for (const role of await ports.iam(account.accountId).listRoles()) {
        if (known.has(role.arn)) continue;
        const found = proposalsFor(role.trustPolicy.text, account);
        if (found.proposals.length + found.unadoptable.length === 0) continue;
        out.push({ accountId: account.accountId, roleName: role.name, roleArn: role.arn, ...found });
      }
    }
    return out;
  });
}

/** Register a discovered role and request its grants as mappings (they still need approval). */
export async function importRole(actor: AdoptActor, input: { accountId: string; roleName: string; justification: string }, options: OnboardingOptions = {}) {
  const db = options.db ?? getDb();
  const account = await store.findAccount(db, input.accountId);
  if (!account) throw notFound("No connected AWS account has this id.");
  return withPorts(db, options, async (ports) => {
    const role = await ports.iam(account.accountId).getRole(input.roleName);
    if (await store.isRegisteredRole(db, role.arn)) throw new AppError("CONFLICT", "This role is already registered; adopt its statements instead.");
    const found = proposalsFor(role.trustPolicy.text, account);
    const created = await store.createAdoptedRequests(db, actor, {
      registerRole: { awsAccountId: account.id, name: role.name, arn: role.arn },
      proposals: found.proposals,
      justification: input.justification,
      source: role.arn,
    });
    return { ...created, unadoptable: found.unadoptable };
  });
}
