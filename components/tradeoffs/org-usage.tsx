/** This organisation's own numbers, from the last inventory scan, beside the abstract comparison. */
import Link from "next/link";
import type { TAccessMethod } from "@/lib/schemas/inventory";
import { utcTime } from "@/lib/format";

export interface OrgUsageProps {
  gitlabConnected: boolean;
  summary: { scannedAt: string; counts: Record<TAccessMethod, number>; total: number } | null;
  canOpenInventory: boolean;
}

export function OrgUsage({ gitlabConnected, summary, canOpenInventory }: OrgUsageProps) {
  const inventoryLink = canOpenInventory ? <Link href="/inventory" className="text-blue-800 underline">inventory</Link> : "inventory";
  if (!summary) {
    return (
      <p className="text-sm text-slate-700" data-testid="org-usage">
        {gitlabConnected
          ? <>No inventory scan yet, so there are no numbers for your organisation. An admin can run one from the {inventoryLink} page.</>
          : <>GitLab is not connected (GITLAB_URL and GITLAB_TOKEN are not set), so trustmap cannot count how your projects reach AWS.</>}
      </p>
    );
  }
  const c = summary.counts;
  const rows: { label: string; value: number; note?: string }[] = [
    { label: "Static access keys", value: c.static_keys },
    { label: "Instance role", value: 0, note: "cannot be seen in CI/CD variables; such projects count as none detected" },
    { label: "OIDC federation", value: c.oidc_trustmap + c.oidc_foreign, note: `${c.oidc_trustmap} managed by trustmap, ${c.oidc_foreign} not` },
    { label: "None detected", value: c.none },
  ];
  return (
    <div data-testid="org-usage">
      <table className="w-full border-collapse text-sm">
        <caption className="py-1 text-left text-xs text-slate-600">
          {summary.total} projects in the last scan ({utcTime(summary.scannedAt)}); details in the {inventoryLink}.
        </caption>
        <thead><tr className="border-b text-left"><th scope="col" className="p-1">Method</th><th scope="col" className="p-1">Projects</th><th scope="col" className="p-1">Note</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label} className="border-b">
              <th scope="row" className="p-1 text-left font-medium">{r.label}</th>
              <td className="p-1 tabular-nums" data-testid={`org-count-${r.label}`}>{r.label === "Instance role" ? "–" : r.value}</td>
              <td className="p-1 text-xs text-slate-600">{r.note ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
