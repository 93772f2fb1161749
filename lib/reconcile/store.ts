/**
 * The reconciler's rows: the desired state's tables read, the actual-state snapshot, the run
 * history (runs, operations, their audit events in the same transactions), imported mappings, and
 * the apply lock. Only lib/reconcile/service.ts calls this.
 */
import "server-only";
import { appendAuditEvent, type AuditAction } from "@/lib/audit/service";
import { trySessionLock, type SessionLock } from "@/lib/db/locks";
import type { Db, DbOrTx, Tx } from "@/lib/db/prisma";
import { Prisma } from "@/lib/generated/prisma/client";
import { conflict } from "@/lib/errors";
import { activeMappingWhere } from "@/lib/mappings/model";
import { REGISTERED_ROLE } from "@/lib/settings/registration";
import { mappingAuditData } from "@/lib/mappings/rows";
import type { NotifyEvent } from "@/lib/notify/events";
import { notifyInTx } from "@/lib/notify/service";
import { grantKey, type MappingProposal } from "./adopt";
import type { ApplyRecorder, OperationError } from "./apply";
import { desiredStateFrom } from "./desired-state";
import { driftFindings, type DriftItem } from "./drift";
import { auditedOperation, lastAppliedFrom, operationTarget, VARIABLE_WRITE_KINDS, type AdoptActor, type LastApplied, type ReconcileActor, type ReconcileTrigger } from "./runs";
import { RECONCILE_SETTING_KEYS, reconcileSettingsFrom, type ReconcileSettings } from "./settings";
import type { ActualState, DesiredState, Operation } from "./types";

// One apply at a time across every app instance: a session-level advisory lock (lib/db/locks.ts).
export const APPLY_LOCK_KEY = 7_314_170;

export function tryAcquireApplyLock(databaseUrl: string): Promise<SessionLock | null> {
  return trySessionLock(databaseUrl, APPLY_LOCK_KEY, "trustmap-apply-lock");
}

export async function readReconcileSettings(db: DbOrTx): Promise<ReconcileSettings> {
  return reconcileSettingsFrom(await db.setting.findMany({ where: { key: { in: Object.values(RECONCILE_SETTING_KEYS) } } }));
}

/** The registered roles with their active mappings, their accounts, and the targets trustmap wrote to. */
export async function loadDesiredState(db: DbOrTx, now: Date = new Date()): Promise<DesiredState> {
  const [accounts, roles, settings, written] = await Promise.all([
    // Only accounts with a registered role: an account with none (just added, or whose roles were
    // all deregistered) has nothing to plan, so it is not read and cannot fail a plan.
    db.awsAccount.findMany({ where: { roles: { some: REGISTERED_ROLE } }, orderBy: { accountId: "asc" } }),
    db.iamRole.findMany({
      where: REGISTERED_ROLE,
      orderBy: { arn: "asc" },
      include: {
        awsAccount: { select: { accountId: true } },
        mappings: { where: activeMappingWhere(now), orderBy: { id: "asc" } },
      },
    }),
    readReconcileSettings(db),
    db.reconcileOperation.findMany({ where: { kind: { in: VARIABLE_WRITE_KINDS }, status: "done" }, distinct: ["target"], select: { target: true } }),
  ]);
  return desiredStateFrom({ accounts, roles, roleArnVariable: settings.roleArnVariable, writtenTargets: written.map((w) => w.target) });
}

/** Which credentials reach each account: what the production ports are made from. */
export function listAccountAccess(db: DbOrTx) {
  return db.awsAccount.findMany({ select: { accountId: true, managementRoleArn: true, sandbox: true } });
}

export function listAccounts(db: DbOrTx) {
  return db.awsAccount.findMany({ orderBy: { accountId: "asc" } });
}

export function findAccount(db: DbOrTx, accountId: string) {
  return db.awsAccount.findUnique({ where: { accountId } });
}

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

/** Record a run (with its operations, audit event and notification, all in one transaction). */
export async function createRun(
  db: Db,
  input: {
    kind: "plan" | "apply" | "drift";
    trigger: ReconcileTrigger;
    actor: ReconcileActor;
    summary: Record<string, unknown>;
    status?: "running" | "succeeded" | "failed";
    error?: string;
    operations?: readonly Operation[];
    audit?: { action: AuditAction; data: Record<string, unknown> };
    /** The events to tell people about, given the new run's id. */
    notify?: (runId: string) => NotifyEvent | readonly NotifyEvent[];
  },
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
    if (input.notify) {
      const events = input.notify(run.id);
      for (const event of Array.isArray(events) ? events : [events as NotifyEvent]) await notifyInTx(tx, event);
    }
    return run.id;
  });
}

/** Close a run with its outcome, and the notification about it (when given) in the same transaction. */
export async function finishRun(db: Db, runId: string, status: "succeeded" | "failed" | "partial", summary: Record<string, unknown>, error?: string, notify?: NotifyEvent): Promise<void> {
  await db.$transaction(async (tx) => {
    const run = await tx.reconcileRun.findUniqueOrThrow({ where: { id: runId }, select: { summary: true } });
    await tx.reconcileRun.update({
      where: { id: runId },
      data: { status, summary: { ...((run.summary ?? {}) as object), ...summary } as object, error: error ?? null, finishedAt: new Date() },
    });
    if (notify) await notifyInTx(tx, notify);
  });
}

/** What the latest drift check found out of band (its recorded findings), or null when there was none. */
export async function lastDriftFindings(db: DbOrTx): Promise<string[] | null> {
  const run = await db.reconcileRun.findFirst({ where: { kind: "drift" }, orderBy: [{ startedAt: "desc" }, { id: "desc" }], select: { summary: true } });
  if (!run) return null;
  const items = ((run.summary ?? {}) as { items?: Pick<DriftItem, "kind" | "message">[] }).items;
  return Array.isArray(items) ? driftFindings(items) : [];
}

/**
 * Records each operation before (running) and after (done/failed/skipped); done ones are audited
 * in the same transaction, and a written trust policy becomes the role's actual state.
 */
export function createDbRecorder(db: Db, runId: string, actor: ReconcileActor): ApplyRecorder {
  const where = (seq: number) => ({ runId_seq: { runId, seq } });
  return {
    async started(_op, seq) {
      await db.reconcileOperation.update({ where: where(seq), data: { status: "running", startedAt: new Date() } });
    },
    async succeeded(op, seq, requestId) {
      await db.$transaction(async (tx) => {
        await tx.reconcileOperation.update({ where: where(seq), data: { status: "done", requestId, finishedAt: new Date() } });
        if (op.kind === "trust-policy.update") await writeSnapshot(tx, op.roleArn, parseDocument(op.document), new Date());
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

export async function listRecentRuns(db: DbOrTx, take = 20) {
  return db.reconcileRun.findMany({ orderBy: { startedAt: "desc" }, take, include: { startedBy: { select: { username: true } } } });
}

/** What trustmap itself last wrote, to tell out-of-band edits from approved changes not yet applied. */
export async function loadLastApplied(db: DbOrTx): Promise<LastApplied> {
  // The latest done write per operation key (one row per role / variable, however long the history).
  const rows = await db.$queryRaw<{ payload: unknown }[]>`
    select distinct on (payload->>'key') payload
    from reconcile_operations
    where status = 'done' and kind in ('trust-policy.update', 'variable.create', 'variable.update', 'variable.delete')
    order by payload->>'key', finished_at desc`;
  return lastAppliedFrom(rows.map((r) => r.payload as Operation));
}

/** A run and its operations' progress, for the Reconcile page and GET /api/v1/reconcile/runs/:id. */
export async function getRunView(db: DbOrTx, runId: string) {
  const run = await db.reconcileRun.findUnique({
    where: { id: runId },
    include: { startedBy: { select: { username: true } }, operations: { orderBy: { seq: "asc" } } },
  });
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

/** The account's roles trustmap knows (registered or deregistered), by ARN, with each one's active grants. */
export async function knownRolesOf(db: DbOrTx, awsAccountId: string, now: Date = new Date()) {
  const roles = await db.iamRole.findMany({
    where: { awsAccountId },
    select: { id: true, arn: true, production: true, trustPolicyQuota: true, deregisteredAt: true, mappings: { where: activeMappingWhere(now), select: { scope: true, gitlabPath: true, refType: true, refPattern: true, audience: true } } },
  });
  return new Map(roles.map((r) => [r.arn, r]));
}

export type KnownRole = NonNullable<ReturnType<Awaited<ReturnType<typeof knownRolesOf>>["get"]>>;

/** The active grants of a known role, as grantKey strings. */
export function grantKeysOf(role: Pick<KnownRole, "mappings">): Set<string> {
  return new Set(role.mappings.map((m) => grantKey({ scope: m.scope, path: m.gitlabPath, refType: m.refType, ref: m.refPattern }, m.audience)));
}

export interface ImportedGrant {
  proposal: MappingProposal;
  risk: { tier: "normal" | "high"; requiredApprovals: number };
}

/**
 * Record grants read from a role's trust policy as approved mappings (provenance `imported`, the
 * importing admin and the statement they came from), registering the role first when trustmap
 * does not manage it (again), all in one transaction with their audit events. Under the role's
 * row lock, so two imports of one grant cannot both create it.
 */
export async function createImportedMappings(
  db: Db,
  actor: AdoptActor,
  input: {
    awsAccountId: string;
    role: { name: string; arn: string; production: boolean; trustPolicyQuota: number };
    grants: ImportedGrant[];
    justification: string;
    policySha256: string;
    now: Date;
  },
): Promise<{ roleId: string; mappingIds: string[]; registered: "new" | "again" | "already" }> {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`select id from iam_roles where arn = ${input.role.arn} for update`;
    const existing = await tx.iamRole.findUnique({ where: { arn: input.role.arn }, select: { id: true, name: true, arn: true, deregisteredAt: true, mappings: { where: activeMappingWhere(input.now), select: { scope: true, gitlabPath: true, refType: true, refPattern: true, audience: true } } } });
    const audit = (data: Omit<Parameters<typeof appendAuditEvent>[1], "actorId" | "actorLabel">) => appendAuditEvent(tx, { actorId: actor.id, actorLabel: actor.label, ...data });
    let role: { id: string; name: string; arn: string };
    let registered: "new" | "again" | "already";
    if (existing === null) {
      role = await tx.iamRole.create({ data: { awsAccountId: input.awsAccountId, name: input.role.name, arn: input.role.arn, production: input.role.production, trustPolicyQuota: input.role.trustPolicyQuota, description: "imported by trustmap" } });
      registered = "new";
      await audit({ action: "settings.changed", resourceType: "iam_role", resourceId: role.id, data: { change: "iam_role.imported", arn: role.arn, production: input.role.production, trustPolicyQuota: input.role.trustPolicyQuota } });
    } else if (existing.deregisteredAt !== null) {
      role = await tx.iamRole.update({ where: { id: existing.id }, data: { deregisteredAt: null, production: input.role.production, trustPolicyQuota: input.role.trustPolicyQuota } });
      registered = "again";
      await audit({ action: "settings.changed", resourceType: "iam_role", resourceId: role.id, data: { change: "iam_role.imported", arn: role.arn, reregistered: true, production: input.role.production, trustPolicyQuota: input.role.trustPolicyQuota } });
    } else {
      role = existing;
      registered = "already";
    }
    const mapped = existing === null ? new Set<string>() : grantKeysOf(existing);
    const mappingIds: string[] = [];
    for (const { proposal: p, risk } of input.grants) {
      if (mapped.has(grantKey(p.selector, p.audience))) {
        throw conflict(`${p.pattern} (aud ${p.audience}) is already a mapping of ${role.name}; nothing was imported.`);
      }
      const importedFrom = { roleArn: role.arn, statementIndex: p.statementIndex, sid: p.sid, pattern: p.pattern, policySha256: input.policySha256 };
      const mapping = await tx.mapping.create({
        data: {
          scope: p.selector.scope,
          gitlabPath: p.selector.path,
          refType: p.selector.refType,
          refPattern: p.selector.ref,
          roleId: role.id,
          audience: p.audience,
          status: "approved",
          decidedAt: input.now,
          requesterId: actor.id,
          justification: input.justification,
          riskTier: risk.tier,
          requiredApprovals: risk.requiredApprovals,
          provenance: "imported",
          importedById: actor.id,
          importedFrom,
        },
      });
      mappingIds.push(mapping.id);
      await audit({
        action: "mapping.imported",
        resourceType: "mapping",
        resourceId: mapping.id,
        data: { ...mappingAuditData(mapping, role), status: "approved", importedFrom, audience: p.audience, justification: input.justification },
      });
    }
    return { roleId: role.id, mappingIds, registered };
  });
}
