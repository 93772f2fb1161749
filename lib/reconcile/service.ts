/**
 * The reconciler's entry points for pages, server actions, routes, the CLI and the schedule: load
 * the desired state, read the actual state, plan, and (under the one apply lock) apply with every
 * operation recorded and audited; the run history; and onboarding (discover roles whose trust
 * policy already trusts GitLab, import chosen grants as mappings that record what IAM already
 * grants). Rows are read and written in ./store.ts.
 */
import "server-only";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { createPrismaClient, type Db } from "@/lib/db/prisma";
import { AppError, conflict, isAppError, notFound } from "@/lib/errors";
import { checkGitLabSinceApproval } from "@/lib/gitlab-facts/service";
import { connectGitLab } from "@/lib/gitlab/connection";
import { providerArnOf } from "@/lib/mappings/model";
import { assessRisk } from "@/lib/requests/risk";
import type { TImportGrantsInput } from "@/lib/schemas/settings";
import { importView, resolveChosenGrants, type AccountImports, type ImportCandidate } from "./adopt";
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

type AccountRow = Awaited<ReturnType<typeof store.listAccounts>>[number];

function importContext(account: AccountRow, known: store.KnownRole | undefined) {
  const registered = known !== undefined && known.deregisteredAt === null;
  return {
    providerArn: providerArnOf(account),
    issuerUrl: account.issuerUrl,
    audienceFallback: account.audiences[0] ?? "sts.amazonaws.com",
    registered,
    production: registered ? known.production : undefined,
    quota: registered ? known.trustPolicyQuota : undefined,
    mapped: registered ? store.grantKeysOf(known) : undefined,
  };
}

/**
 * Roles in the connected accounts (or the one named) whose trust policy trusts the account's
 * GitLab provider, with each such statement as proposed mappings and its lint findings: roles
 * trustmap does not manage yet (every statement, its own old ones included) and registered roles
 * with hand-written statements. One ListRoles walk per account; reads only, records nothing. An
 * account that cannot be read is reported with the reason, the others still listed.
 */
export async function discoverImports(options: OnboardingOptions & { accountId?: string } = {}): Promise<AccountImports[]> {
  const db = options.db ?? getDb();
  const all = await store.listAccounts(db);
  const accounts = options.accountId === undefined ? all : all.filter((a) => a.accountId === options.accountId);
  if (options.accountId !== undefined && accounts.length === 0) throw notFound(`AWS account ${options.accountId} is not connected.`);
  return withPorts(db, options, async (ports) => {
    const out: AccountImports[] = [];
    for (const account of accounts) {
      const known = await store.knownRolesOf(db, account.id);
      let roles;
      try {
        roles = await ports.iam(account.accountId).listRoles();
      } catch (e) {
        out.push({ accountId: account.accountId, name: account.name, error: isAppError(e) ? e.userMessage : e instanceof Error ? e.message : String(e), candidates: [] });
        continue;
      }
      const candidates: ImportCandidate[] = [];
      for (const role of roles) {
        const context = importContext(account, known.get(role.arn));
        const view = importView(role.trustPolicy.text, context);
        if (view.statements.length === 0) continue;
        candidates.push({ accountId: account.accountId, roleName: role.name, roleArn: role.arn, registered: context.registered, ...view });
      }
      candidates.sort((a, b) => (a.roleName < b.roleName ? -1 : a.roleName > b.roleName ? 1 : 0));
      out.push({ accountId: account.accountId, name: account.name, error: null, candidates });
    }
    return out;
  });
}

/**
 * Import chosen grants of a role's trust policy as approved mappings (provenance `imported`, the
 * admin and the statement recorded), registering the role when trustmap does not manage it. The
 * trust policy is read from IAM again here: the import is refused when it is not the policy the
 * admin was shown (its fingerprint), and each chosen grant must be one it holds now. An import
 * records what IAM already grants; it never adds access.
 */
export async function importGrants(actor: AdoptActor, input: TImportGrantsInput, options: OnboardingOptions = {}, now: Date = new Date()) {
  const db = options.db ?? getDb();
  const account = await store.findAccount(db, input.accountId);
  if (!account) throw notFound(`AWS account ${input.accountId} is not connected.`);
  return withPorts(db, options, async (ports) => {
    const role = await ports.iam(account.accountId).getRole(input.roleName);
    const known = (await store.knownRolesOf(db, account.id, now)).get(role.arn);
    const view = importView(role.trustPolicy.text, importContext(account, known));
    if (view.policySha256 !== input.policySha256) {
      throw conflict(`The trust policy of ${role.name} changed in IAM since it was shown; nothing was imported. Look again and choose from what it grants now.`, { policySha256: view.policySha256 });
    }
    const chosen = resolveChosenGrants(view, input.grants);
    if (!chosen.ok) throw new AppError("BAD_INPUT", `${chosen.reason}; nothing was imported.`);
    const registered = known !== undefined && known.deregisteredAt === null;
    const production = registered ? known.production : input.production;
    const findingsOf = (index: number) => view.statements.find((s) => s.statementIndex === index)?.findings ?? [];
    const grants = chosen.proposals.map((proposal) => ({ proposal, risk: assessRisk({ selector: proposal.selector, production, findings: findingsOf(proposal.statementIndex) }) }));
    const created = await store.createImportedMappings(db, actor, {
      awsAccountId: account.id,
      role: { name: role.name, arn: role.arn, production, trustPolicyQuota: registered ? known.trustPolicyQuota : input.trustPolicyQuota },
      grants,
      justification: input.justification,
      policySha256: view.policySha256,
      now,
    });
    return { ...created, roleArn: role.arn };
  });
}
