/**
 * The inventory: its settings (which groups, which variable keys count), the scan (GitLab and IAM
 * read outside any transaction, then the whole result stored at once and audited), and what the
 * Inventory and Trade-offs pages read.
 */
import "server-only";
import { appendAuditEvent } from "@/lib/audit/service";
import { createIamAdapter } from "@/lib/aws/adapter";
import type { IamPort } from "@/lib/aws/port";
import { getDb } from "@/lib/db/client";
import type { DbOrTx, Tx } from "@/lib/db/prisma";
import { AppError, conflict, toUserError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { connectGitLab } from "@/lib/gitlab/connection";
import type { GitLabPort } from "@/lib/gitlab/port";
import { readReconcileSettings } from "@/lib/reconcile/service";
import { sandboxIam } from "@/lib/sandbox/service";
import { ZInventoryConfig, type TAccessMethod, type TInventoryConfig, type TInventoryFilters } from "@/lib/schemas/inventory";
import type { CurrentUser } from "@/lib/users/current-user";
import type { VariableEvidence } from "./classify";
import { lookUpKeys, type KeyUsage } from "./key-usage";
import { carryMigratedAt, type MappingForMigration } from "./migration";
import { DEFAULT_INVENTORY_CONFIG } from "./patterns";
import { countByMethod, groupsAbove, INVENTORY_PAGE_LIMIT, type InventoryRow } from "./rows";
import { scanGitLab, type ScannedProject } from "./scan";

export const INVENTORY_SETTING_KEY = "inventory.config";
/** A scan still "running" after this long was interrupted (process restart) and no longer blocks a new one. */
export const STALE_SCAN_MS = 15 * 60_000;
// Serialises scan starts so two admins clicking at once get one scan and one CONFLICT.
const SCAN_START_LOCK = 7_314_171;

/** The admin-edited configuration; absent or invalid → defaults (no groups: nothing to scan). */
export async function readInventoryConfig(db: DbOrTx = getDb()): Promise<TInventoryConfig> {
  const row = await db.setting.findUnique({ where: { key: INVENTORY_SETTING_KEY } });
  const parsed = ZInventoryConfig.safeParse(row?.value);
  return parsed.success ? parsed.data : DEFAULT_INVENTORY_CONFIG;
}

export async function saveInventoryConfig(actor: CurrentUser, config: TInventoryConfig): Promise<void> {
  const value = {
    groups: [...new Set(config.groups)],
    accessKeyIdPatterns: [...new Set(config.accessKeyIdPatterns)],
    secretKeyPatterns: [...new Set(config.secretKeyPatterns)],
    roleArnPatterns: [...new Set(config.roleArnPatterns)],
  };
  await getDb().$transaction(async (tx) => {
    const before = await readInventoryConfig(tx);
    await tx.setting.upsert({ where: { key: INVENTORY_SETTING_KEY }, create: { key: INVENTORY_SETTING_KEY, value }, update: { value } });
    await appendAuditEvent(tx, {
      actorId: actor.id,
      actorLabel: actor.username,
      action: "settings.changed",
      resourceType: "setting",
      resourceId: INVENTORY_SETTING_KEY,
      data: { change: "inventory.config", from: before, to: value },
    });
  });
}

export interface ScanDeps {
  gitlab?: GitLabPort | null;
  /** Omitted → the AWS SDK's default credential chain, used only when an AWS account is connected. */
  iam?: IamPort;
}

/**
 * One inventory scan: read GitLab (and IAM for key ages) outside any transaction, then store the
 * whole result at once. A failure half-way stores no project rows; the scan is recorded as failed
 * with a user-safe message, and both outcomes are audited.
 */
export async function runInventoryScan(actor: CurrentUser, deps: ScanDeps = {}) {
  const gitlab = deps.gitlab === undefined ? connectGitLab("background") : deps.gitlab;
  if (!gitlab) throw new AppError("CONFIG", "GitLab is not connected: set GITLAB_URL and GITLAB_TOKEN to scan.");
  const config = await readInventoryConfig();
  if (config.groups.length === 0) throw new AppError("BAD_INPUT", "No GitLab groups to scan yet: add at least one top-level group path in the inventory settings.");
  // The role ARN variable trustmap itself writes always counts as a role ARN.
  const { roleArnVariable } = await readReconcileSettings();
  const patterns = { ...config, roleArnPatterns: [...new Set([...config.roleArnPatterns, roleArnVariable])] };
  const scan = await beginScan(actor, patterns);
  try {
    const projects = await scanGitLab(gitlab, patterns);
    const keyIds = projects.map((p) => p.accessKeyId).filter((id): id is string => id !== null);
    let byKeyId = new Map<string, KeyUsage>();
    let noteWhenUnknown: string | null = null;
    const iam = keyIds.length > 0 ? await keyLookupIam(deps.iam) : null;
    if (iam) {
      byKeyId = await lookUpKeys(iam, keyIds);
    } else {
      noteWhenUnknown = "AWS is not connected: add an AWS account in Settings to see the key's age and last use.";
    }
    const result = await completeScan(actor, scan.id, projects, { byKeyId, noteWhenUnknown });
    return { scanId: scan.id, ...result };
  } catch (e) {
    const err = toUserError(e);
    await failScan(actor, scan.id, err.message);
    throw new AppError(err.code === "INTERNAL" ? "UPSTREAM" : err.code, `The scan failed and recorded nothing: ${err.message}`);
  }
}

/** Record a running scan, refusing while another one runs (stale ones are marked failed first). */
async function beginScan(actor: CurrentUser, config: TInventoryConfig): Promise<{ id: string }> {
  return getDb().$transaction(async (tx) => {
    await tx.$executeRaw`select pg_advisory_xact_lock(${SCAN_START_LOCK})`;
    const staleBefore = new Date(Date.now() - STALE_SCAN_MS);
    await tx.inventoryScan.updateMany({
      where: { status: "running", startedAt: { lt: staleBefore } },
      data: { status: "failed", error: "Interrupted (the server stopped during the scan).", finishedAt: new Date() },
    });
    const running = await tx.inventoryScan.findFirst({ where: { status: "running" } });
    if (running) throw conflict("A scan is already running; its result will appear here when it finishes.");
    return tx.inventoryScan.create({
      data: { startedById: actor.id, startedByLabel: actor.username, groups: config.groups, patterns: config },
      select: { id: true },
    });
  });
}

function rowData(scanId: string, p: ScannedProject, usage: KeyUsage | undefined, note: string | null, migratedAt: Date | null): Prisma.ProjectAccessMethodCreateManyInput {
  return {
    scanId,
    gitlabProjectId: p.gitlabProjectId,
    projectPath: p.projectPath,
    defaultBranch: p.defaultBranch,
    webUrl: p.webUrl,
    method: p.method,
    evidence: p.evidence as unknown as Prisma.InputJsonValue,
    accessKeyId: p.accessKeyId,
    keyStatus: usage?.status ?? null,
    keyCreatedAt: usage?.createdAt ?? null,
    keyLastUsedAt: usage?.lastUsedAt ?? null,
    keyLastUsedService: usage?.lastUsedService ?? null,
    keyLookupNote: p.accessKeyId ? (usage?.note ?? note) : null,
    migratedAt,
  };
}

/** Store every project of a finished scan and its audit event in one transaction: all or nothing. */
async function completeScan(
  actor: CurrentUser,
  scanId: string,
  projects: readonly ScannedProject[],
  keyUsage: { byKeyId: Map<string, KeyUsage>; noteWhenUnknown: string | null },
): Promise<{ projectCount: number; byMethod: Record<TAccessMethod, number> }> {
  return getDb().$transaction(
    async (tx) => {
      const previous = await tx.inventoryScan.findFirst({ where: { status: "succeeded" }, orderBy: { startedAt: "desc" }, select: { id: true } });
      const before = previous
        ? new Map(
            (await tx.projectAccessMethod.findMany({ where: { scanId: previous.id }, select: { projectPath: true, method: true, migratedAt: true } })).map((r) => [r.projectPath, r]),
          )
        : new Map<string, { method: TAccessMethod; migratedAt: Date | null }>();
      const now = new Date();
      const rows = projects.map((p) =>
        rowData(scanId, p, p.accessKeyId ? keyUsage.byKeyId.get(p.accessKeyId) : undefined, keyUsage.noteWhenUnknown, carryMigratedAt(before.get(p.projectPath), p.method, now)),
      );
      await tx.projectAccessMethod.createMany({ data: rows });
      const byMethod = countByMethod(projects.map((p) => p.method));
      const migrated = rows.filter((r) => r.migratedAt !== null && !before.get(r.projectPath)?.migratedAt).map((r) => r.projectPath);
      await tx.inventoryScan.update({ where: { id: scanId }, data: { status: "succeeded", projectCount: rows.length, finishedAt: now } });
      await auditScan(tx, actor, scanId, { status: "succeeded", projects: rows.length, byMethod, newlyMigrated: migrated });
      return { projectCount: rows.length, byMethod };
    },
    { timeout: 60_000 },
  );
}

function auditScan(tx: Tx, actor: CurrentUser, scanId: string, data: Record<string, unknown>): Promise<void> {
  return appendAuditEvent(tx, { actorId: actor.id, actorLabel: actor.username, action: "inventory.scanned", resourceType: "inventory_scan", resourceId: scanId, data });
}

/** Mark the scan failed (nothing of it is stored) and audit the failure. */
async function failScan(actor: CurrentUser, scanId: string, message: string): Promise<void> {
  await getDb().$transaction(async (tx) => {
    await tx.inventoryScan.update({ where: { id: scanId }, data: { status: "failed", error: message, finishedAt: new Date() } });
    await auditScan(tx, actor, scanId, { status: "failed", error: message });
  });
}

async function countsOfScan(db: DbOrTx, scanId: string): Promise<Record<TAccessMethod, number>> {
  const groups = await db.projectAccessMethod.groupBy({ by: ["method"], where: { scanId }, _count: { _all: true } });
  const counts = countByMethod([]);
  for (const g of groups) counts[g.method] = g._count._all;
  return counts;
}

/**
 * Where access keys are looked up (`given` by tests): nowhere before an AWS account is connected;
 * trustmap's own AWS credentials once a real account is; with only the demo's sandbox account,
 * the sandbox IAM (which holds the demo's keys).
 */
async function keyLookupIam(given: IamPort | undefined, db: DbOrTx = getDb()): Promise<IamPort | null> {
  const accounts = await db.awsAccount.findMany({ select: { accountId: true, sandbox: true }, orderBy: { accountId: "asc" } });
  const [first] = accounts;
  if (!first) return null;
  if (given) return given;
  return accounts.some((a) => !a.sandbox) ? createIamAdapter() : sandboxIam(first.accountId);
}

/** The last successful scan's counts per method (for the trade-off page), or null before the first one. */
export async function inventorySummary(): Promise<{ scannedAt: Date; counts: Record<TAccessMethod, number>; total: number } | null> {
  const db = getDb();
  const scan = await db.inventoryScan.findFirst({ where: { status: "succeeded" }, orderBy: { startedAt: "desc" } });
  if (!scan) return null;
  return { scannedAt: scan.finishedAt ?? scan.startedAt, counts: await countsOfScan(db, scan.id), total: scan.projectCount };
}

/** The latest scan of any status (to show running / failed), and the rows of the latest successful one. */
export async function loadInventory(filters: TInventoryFilters) {
  const db = getDb();
  const [latest, lastGood] = await Promise.all([
    db.inventoryScan.findFirst({ orderBy: { startedAt: "desc" } }),
    db.inventoryScan.findFirst({ where: { status: "succeeded" }, orderBy: { startedAt: "desc" } }),
  ]);
  if (!lastGood) return { latest, lastGood: null, rows: [] as InventoryRow[], matching: 0, counts: countByMethod([]) };
  const where: Prisma.ProjectAccessMethodWhereInput = { scanId: lastGood.id };
  if (filters.method) where.method = filters.method;
  if (filters.q) where.projectPath = { contains: filters.q, mode: "insensitive" };
  if (filters.migration === "migrated") where.migratedAt = { not: null };
  if (filters.migration === "on_keys" || filters.migration === "ready") where.method = "static_keys";
  const [rows, matching, counts] = await Promise.all([
    db.projectAccessMethod.findMany({ where, orderBy: { projectPath: "asc" }, take: INVENTORY_PAGE_LIMIT }),
    db.projectAccessMethod.count({ where }),
    countsOfScan(db, lastGood.id),
  ]);
  return {
    latest,
    lastGood,
    counts,
    matching,
    rows: rows.map((r): InventoryRow => ({ ...r, evidence: r.evidence as unknown as VariableEvidence[] })),
  };
}

/** Live (requested or approved) mappings that could cover these projects: on the project or a group above it. */
export async function mappingsForProjects(projectPaths: readonly string[]): Promise<MappingForMigration[]> {
  if (projectPaths.length === 0) return [];
  return getDb().mapping.findMany({
    where: {
      status: { in: ["requested", "approved"] },
      OR: [
        { scope: "project", gitlabPath: { in: [...projectPaths] } },
        { scope: "group", gitlabPath: { in: groupsAbove(projectPaths) } },
      ],
    },
    select: { id: true, scope: true, gitlabPath: true, status: true },
    orderBy: { createdAt: "asc" },
  });
}
