import type { Metadata } from "next";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { TextLink } from "@/components/ui/text-link";
import { requirePage } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { gitlabSource } from "@/lib/gitlab/connection";
import { SandboxNote } from "@/components/sandbox-badge";
import { METHOD_LABEL } from "@/lib/inventory/classify";
import { migrationState } from "@/lib/inventory/migration";
import { INVENTORY_PAGE_LIMIT } from "@/lib/inventory/rows";
import { loadInventory, mappingsForProjects, readInventoryConfig } from "@/lib/inventory/service";
import { ACCESS_METHODS, ZInventoryFilters } from "@/lib/schemas/inventory";
import { readPageQuery, type RawSearchParams } from "@/lib/schemas/search-params";
import { InventoryFilters, InventoryTable, type InventoryTableRow } from "@/components/inventory/inventory-table";
import { ScanButton } from "@/components/inventory/scan-button";
import { InventorySettingsForm } from "@/components/inventory/settings-form";
import { utcTime } from "@/lib/format";

export const metadata: Metadata = { title: "Inventory" };

const DAY = 86_400_000;

export default async function InventoryPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const user = await requirePage("inventory.view", "/inventory");
  const filters = readPageQuery(ZInventoryFilters, await searchParams).data ?? {};
  const connection = gitlabSource();
  const [config, inventory] = await Promise.all([readInventoryConfig(), loadInventory(filters)]);
  const mappings = await mappingsForProjects(inventory.rows.filter((r) => r.method === "static_keys").map((r) => r.projectPath));
  // Ages are as of the scan that read them, so the page is the same whenever it is rendered.
  const asOf = (inventory.lastGood?.finishedAt ?? inventory.lastGood?.startedAt)?.getTime() ?? 0;
  const rows: InventoryTableRow[] = inventory.rows
    .map((r) => ({
      id: r.id,
      projectPath: r.projectPath,
      webUrl: r.webUrl,
      method: r.method,
      evidence: r.evidence,
      accessKeyId: r.accessKeyId,
      keyStatus: r.keyStatus,
      keyAgeDays: r.keyCreatedAt ? Math.floor((asOf - r.keyCreatedAt.getTime()) / DAY) : null,
      keyLastUsed: r.keyLastUsedAt?.toISOString() ?? null,
      keyLastUsedService: r.keyLastUsedService,
      keyLookupNote: r.keyLookupNote,
      migration: migrationState(r, mappings),
    }))
    .filter((r) => filters.migration !== "ready" || r.migration.kind === "ready_to_clean");
  const { latest, lastGood, counts } = inventory;
  const admin = can(user, "inventory.scan");

  return (
    <div className="space-y-8">
      <PageHeader title="Inventory">
        <p>
          How each GitLab project reaches AWS today, from the keys of its CI/CD variables and its groups&apos; — never their secret
          values. Static keys: a variable named like an access key or secret key. OIDC: a role ARN variable, managed by trustmap or
          not. An instance role on the runner leaves no trace in CI/CD variables, so those projects show as &quot;none detected&quot;.
          Compare the methods on the <TextLink href="/tradeoffs">trade-offs</TextLink> page.
        </p>
        <SandboxNote accountIds={[]} gitlab={connection?.kind === "sandbox"} />
      </PageHeader>

      {connection ? null : (
        <Notice role="note" tone="warning" data-testid="gitlab-not-connected">
          GitLab is not connected: set GITLAB_URL and GITLAB_TOKEN (a token with read_api) for trustmap to scan projects. Nothing below comes from GitLab until then.
        </Notice>
      )}

      <section aria-labelledby="scan-h" className="space-y-3">
        <h2 id="scan-h" className="text-lg font-medium">Scan</h2>
        <p className="text-sm break-words text-slate-700" data-testid="scan-status">
          {latest === null
            ? "No scan yet."
            : latest.status === "running"
              ? `A scan started by ${latest.startedByLabel} at ${utcTime(latest.startedAt)} is running.`
              : latest.status === "failed"
                ? `The last scan (${utcTime(latest.startedAt)}) failed and recorded nothing: ${latest.error ?? "unknown error"}`
                : `Last scan: ${utcTime(latest.finishedAt ?? latest.startedAt)} by ${latest.startedByLabel}, ${latest.projectCount} projects in ${latest.groups.join(", ")}.`}
          {" "}Groups configured: {config.groups.length === 0 ? "none" : config.groups.join(", ")}.
        </p>
        {admin ? <ScanButton disabled={!connection || config.groups.length === 0} /> : null}
        {can(user, "settings.manage") ? (
          <details className="print:hidden">
            <summary className="cursor-pointer text-sm font-medium">Inventory settings (groups and variable-key patterns)</summary>
            <div className="mt-2"><InventorySettingsForm config={config} /></div>
          </details>
        ) : null}
      </section>

      {lastGood ? (
        <section aria-labelledby="projects-h" className="space-y-3">
          <h2 id="projects-h" className="text-lg font-medium">Projects</h2>
          <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
            {ACCESS_METHODS.map((m) => (
              <div key={m} className="rounded border border-slate-200 bg-white p-3">
                <dt className="text-sm text-slate-600">{METHOD_LABEL[m]}</dt>
                <dd className="text-2xl font-semibold tabular-nums" data-testid={`inventory-count-${m}`}>{counts[m]}</dd>
              </div>
            ))}
          </dl>
          <InventoryFilters filters={filters} />
          {inventory.matching > INVENTORY_PAGE_LIMIT ? (
            <p className="text-sm">Showing the first {INVENTORY_PAGE_LIMIT} of {inventory.matching} matching projects; narrow the filters to see the others.</p>
          ) : null}
          <InventoryTable rows={rows} />
        </section>
      ) : null}
    </div>
  );
}
