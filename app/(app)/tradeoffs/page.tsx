import type { Metadata } from "next";
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
      <header>
        <h1 className="text-2xl font-semibold">How should CI jobs reach AWS?</h1>
        <p className="mt-1 max-w-3xl text-slate-700">
          Three ways a GitLab runner gets AWS credentials: static access keys in masked CI/CD variables, an instance role on the
          runner&apos;s compute, and OIDC federation. Weigh what matters to you; the charts and the recommendation follow, and the
          address bar keeps your weights so you can share this view.
        </p>
      </header>
      <TradeoffExplorer
        orgUsage={
          <section aria-labelledby="org-h" className="rounded border border-slate-200 bg-white p-3 print:break-inside-avoid">
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
