import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/auth/guard";
import { getDashboardCounts } from "@/lib/dashboard/service";
import { utcTime } from "@/lib/format";

export default async function DashboardPage() {
  const user = await requirePage("dashboard.view", "/");
  const c = await getDashboardCounts();
  const tiles: { label: string; value: number | string }[] = [
    { label: "AWS accounts", value: c.awsAccounts },
    { label: "Managed IAM roles", value: c.managedRoles },
    { label: "Approved mappings", value: c.mappingsByStatus.approved ?? 0 },
    { label: "Pending requests", value: c.pendingRequests },
    { label: "Rejected / revoked / expired", value: (c.mappingsByStatus.rejected ?? 0) + (c.mappingsByStatus.revoked ?? 0) + (c.mappingsByStatus.expired ?? 0) },
    { label: "Reconcile runs", value: c.reconcileRuns },
    { label: "Audit events", value: c.auditEvents },
    { label: "Users", value: c.users },
  ];
  return (
    <section>
      <PageHeader title="Dashboard">
        <p>Signed in as {user.name} ({user.role}). Counts come straight from the database.</p>
      </PageHeader>
      <dl className="mt-6 grid grid-cols-2 gap-3 sm:gap-4 md:grid-cols-4">
        {tiles.map((t) => (
          <div key={t.label} className="rounded border border-slate-200 bg-white p-3 sm:p-4">
            <dt className="text-sm text-slate-700">{t.label}</dt>
            <dd className="mt-1 text-3xl font-semibold tabular-nums" data-testid={`count-${t.label}`}>{t.value}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-6 text-sm text-slate-700">
        Last reconcile: {c.lastReconcileAt ? utcTime(c.lastReconcileAt) : "never"}.
      </p>
    </section>
  );
}
