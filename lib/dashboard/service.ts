/** The dashboard per persona (./views.ts): loads what each role's home page shows. */
import "server-only";
import { listAwaitingDecision } from "@/lib/approvals/service";
import { toAuditRow } from "@/lib/audit/rows";
import { getDb } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { REGISTERED_ROLE } from "@/lib/settings/registration";
import { listMyRequests } from "@/lib/requests/service";
import { reviewItemsAwaiting } from "@/lib/reviews/service";
import type { CurrentUser } from "@/lib/users/current-user";
import { attentionItems, CHANGE_ACTIONS, personaOf, type DashboardView, type FailedRun, type MyRequestsView, type RolesOverview, type UnreadParts } from "./views";

const FAILED_RUNS_SINCE_MS = 7 * 24 * 3600_000;

async function myRequests(userId: string): Promise<MyRequestsView> {
  const [grouped, latest] = await Promise.all([getDb().mapping.groupBy({ by: ["status"], where: { requesterId: userId }, _count: { _all: true } }), listMyRequests(userId, 5)]);
  const byStatus: Record<string, number> = {};
  for (const g of grouped) byStatus[g.status] = g._count._all;
  return { byStatus, total: grouped.reduce((n, g) => n + g._count._all, 0), latest };
}

async function rolesOverview(): Promise<RolesOverview> {
  const db = getDb();
  const [total, production, notRead, last] = await Promise.all([
    db.iamRole.count({ where: REGISTERED_ROLE }),
    db.iamRole.count({ where: { ...REGISTERED_ROLE, production: true } }),
    db.iamRole.count({ where: { ...REGISTERED_ROLE, actualTrustPolicy: { equals: Prisma.DbNull } } }),
    db.iamRole.aggregate({ where: REGISTERED_ROLE, _max: { actualFetchedAt: true } }),
  ]);
  return { total, production, notRead, lastReadAt: last._max.actualFetchedAt?.toISOString() ?? null };
}

async function failedRuns(now: Date): Promise<FailedRun[]> {
  const runs = await getDb().reconcileRun.findMany({
    where: { status: { in: ["failed", "partial"] }, startedAt: { gte: new Date(now.getTime() - FAILED_RUNS_SINCE_MS) } },
    orderBy: { startedAt: "desc" },
    take: 5,
    select: { id: true, kind: true, status: true, startedAt: true, error: true },
  });
  return runs.map((r) => ({ id: r.id, kind: r.kind, status: r.status, startedAt: r.startedAt.toISOString(), error: r.error }));
}

/** What the latest plan or drift check could not read (`unread` of a plan's summary, `unchecked` of a drift check's). */
async function latestUnread(): Promise<UnreadParts | null> {
  const run = await getDb().reconcileRun.findFirst({ where: { kind: { in: ["plan", "drift"] }, status: { not: "running" } }, orderBy: { startedAt: "desc" }, select: { id: true, startedAt: true, summary: true } });
  if (!run) return null;
  const summary = (run.summary ?? {}) as { unread?: unknown; unchecked?: unknown };
  const list = Array.isArray(summary.unread) ? summary.unread : Array.isArray(summary.unchecked) ? summary.unchecked : [];
  const parts = list.filter((p): p is string => typeof p === "string");
  return parts.length > 0 ? { runId: run.id, at: run.startedAt.toISOString(), parts } : null;
}

async function recentChanges() {
  const events = await getDb().auditEvent.findMany({ where: { action: { in: [...CHANGE_ACTIONS] } }, orderBy: { id: "desc" }, take: 10 });
  return events.map(toAuditRow);
}

/** The signed-in user's dashboard. */
export async function getDashboard(user: CurrentUser, now = new Date()): Promise<DashboardView> {
  switch (personaOf(user.role)) {
    case "requester":
      return { persona: "requester", mine: await myRequests(user.id) };
    case "approver": {
      const [awaiting, reviews, mine] = await Promise.all([listAwaitingDecision(user.id, 5, now), reviewItemsAwaiting(user.id, now), myRequests(user.id)]);
      return { persona: "approver", awaiting: { total: awaiting.total, first: awaiting.rows }, reviews, mine };
    }
    case "auditor": {
      const [roles, recent] = await Promise.all([rolesOverview(), recentChanges()]);
      return { persona: "auditor", roles, recent };
    }
    case "admin": {
      const [awaiting, reviews, roles, runs, accounts, unread] = await Promise.all([listAwaitingDecision(user.id, 5, now), reviewItemsAwaiting(user.id, now), rolesOverview(), failedRuns(now), getDb().awsAccount.count(), latestUnread()]);
      return {
        persona: "admin",
        attention: attentionItems({ unread, failedRuns: runs, roles, awaiting: awaiting.total, accounts }),
        awaiting: { total: awaiting.total, first: awaiting.rows },
        reviews,
        roles,
      };
    }
  }
}
