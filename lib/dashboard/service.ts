import "server-only";
import { getDb } from "@/lib/db/client";
import { REGISTERED_ROLE } from "@/lib/settings/registration";

export interface DashboardCounts {
  awsAccounts: number;
  managedRoles: number;
  mappingsByStatus: Record<string, number>;
  pendingRequests: number;
  reconcileRuns: number;
  lastReconcileAt: Date | null;
  auditEvents: number;
  users: number;
}

/** Real counts from the database for the dashboard home; nothing here is made up. */
export async function getDashboardCounts(): Promise<DashboardCounts> {
  const db = getDb();
  const [awsAccounts, managedRoles, grouped, reconcileRuns, lastRun, auditEvents, users] = await Promise.all([
    db.awsAccount.count(),
    db.iamRole.count({ where: REGISTERED_ROLE }),
    db.mapping.groupBy({ by: ["status"], _count: { _all: true } }),
    db.reconcileRun.count(),
    db.reconcileRun.findFirst({ orderBy: { startedAt: "desc" }, select: { startedAt: true } }),
    db.auditEvent.count(),
    db.user.count(),
  ]);
  const mappingsByStatus: Record<string, number> = {};
  for (const g of grouped) mappingsByStatus[g.status] = g._count._all;
  return {
    awsAccounts,
    managedRoles,
    mappingsByStatus,
    pendingRequests: mappingsByStatus.requested ?? 0,
    reconcileRuns,
    lastReconcileAt: lastRun?.startedAt ?? null,
    auditEvents,
    users,
  };
}
