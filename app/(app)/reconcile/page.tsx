import { gitlabSource } from "@/lib/gitlab/connection";
import type { Metadata } from "next";
import Link from "next/link";
import { requirePage } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { listRecentRuns } from "@/lib/reconcile/service";
import { listSandboxRoles, sandboxAccountIds } from "@/lib/sandbox/service";
import { ReconcileConsole } from "@/components/reconcile/reconcile-console";
import { SandboxNote } from "@/components/sandbox-badge";
import { OutOfBandEdit } from "@/components/sandbox/out-of-band-edit";
import { utcTime } from "@/lib/format";

export const metadata: Metadata = { title: "Reconcile" };

export default async function ReconcilePage() {
  const user = await requirePage("reconcile.view", "/reconcile");
  const canApply = can(user, "reconcile.apply");
  const [runs, sandboxAccounts, sandboxRoles] = await Promise.all([listRecentRuns(25), sandboxAccountIds(), canApply ? listSandboxRoles() : []]);
  const gitlab = gitlabSource();
  return (
    <div className="space-y-8">
      <section>
        <h1 className="text-2xl font-semibold">Reconcile</h1>
        <p className="mt-1 max-w-3xl text-slate-600">
          Plan reads every managed role&apos;s trust policy from IAM and the CI/CD variables of each GitLab target, and shows
          what applying the approved mappings would change. Apply writes exactly that plan, one operation at a time, each
          recorded and audited; only one apply runs at a time across all instances. <Link className="text-blue-800 underline" href="/how-it-works">How it works</Link>
        </p>
        <SandboxNote accountIds={sandboxAccounts} gitlab={gitlab?.kind === "sandbox"} />
        {gitlab === null ? (
          <p role="note" className="mt-3 rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
            No GitLab API token is configured (GITLAB_TOKEN): a plan reads IAM and names each GitLab target it could not read; CI/CD variables are not written.
          </p>
        ) : null}
      </section>
      <ReconcileConsole canPlan={can(user, "reconcile.plan")} canApply={canApply} />
      {canApply ? <OutOfBandEdit roles={sandboxRoles} /> : null}
      <section aria-labelledby="history-h">
        <h2 id="history-h" className="text-lg font-medium">Run history</h2>
        <table className="mt-2 w-full border-collapse bg-white text-sm">
          <thead><tr className="border-b text-left"><th className="p-2">Started</th><th className="p-2">Kind</th><th className="p-2">Trigger</th><th className="p-2">By</th><th className="p-2">Status</th><th className="p-2">Finished</th></tr></thead>
          <tbody>
            {runs.length === 0 ? <tr><td colSpan={6} className="p-2 text-slate-600">No runs yet. <Link className="text-blue-800 underline" href="/how-it-works">How it works</Link></td></tr> : null}
            {runs.map((r) => (
              <tr key={r.id} className="border-b">
                <td className="p-2"><Link className="text-blue-700 underline" href={`/reconcile/runs/${r.id}`}>{utcTime(r.startedAt, "second")}</Link></td>
                <td className="p-2">{r.kind}</td>
                <td className="p-2">{r.trigger}</td>
                <td className="p-2">{r.startedBy?.username ?? "system"}</td>
                <td className="p-2">{r.status}{r.error ? ` (${r.error})` : ""}</td>
                <td className="p-2">{r.finishedAt ? r.finishedAt.toISOString().slice(11, 19) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
