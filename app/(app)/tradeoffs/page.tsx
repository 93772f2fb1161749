import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { gitlabSource } from "@/lib/gitlab/connection";
import { inventorySummary } from "@/lib/inventory/service";
import { TradeoffExplorer } from "@/components/tradeoffs/tradeoff-explorer";
import { OrgUsage } from "@/components/tradeoffs/org-usage";

export const metadata: Metadata = { title: "Trade-offs" };

export default async function TradeoffsPage() {
  const user = await requirePage("tradeoffs.view", "/tradeoffs");
  const summary = await inventorySummary();
  return (
    <div className="space-y-8">
      <PageHeader title="How should CI jobs reach AWS?">
        <p>
          Three ways a GitLab runner gets AWS credentials: static access keys in masked CI/CD variables, an instance role on the
          runner&apos;s compute, and OIDC federation. Weigh what matters to you; the charts and the recommendation follow, and the
          address bar keeps your weights so you can share this view.
        </p>
      </PageHeader>
      <TradeoffExplorer
        orgUsage={
          <section aria-labelledby="org-h" className="min-w-0 rounded border border-slate-200 bg-white p-3 print:break-inside-avoid">
            <h2 id="org-h" className="text-base font-medium">Your organisation today</h2>
            <OrgUsage
              gitlabConnected={gitlabSource() !== null}
              canOpenInventory={can(user, "inventory.view")}
              summary={summary ? { scannedAt: summary.scannedAt.toISOString(), counts: summary.counts, total: summary.total } : null}
            />
          </section>
        }
      />
    </div>
  );
}
