import { PageHeader } from "@/components/ui/page-header";
import { Dashboard } from "@/components/dashboard/dashboard";
import { requirePage } from "@/lib/auth/guard";
import { getDashboard } from "@/lib/dashboard/service";

export default async function DashboardPage() {
  const user = await requirePage("dashboard.view", "/");
  const view = await getDashboard(user);
  return (
    <section className="space-y-6">
      <PageHeader title="Dashboard">
        <p>Signed in as {user.name} ({user.role}).</p>
      </PageHeader>
      <Dashboard view={view} />
    </section>
  );
}
