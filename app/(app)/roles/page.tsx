import type { Metadata } from "next";
import Link from "next/link";
import { requirePage } from "@/lib/auth/guard";
import { listIamRoles } from "@/lib/db/settings-admin";
import { utcTime } from "@/lib/format";
import { sandboxAccountIds } from "@/lib/sandbox/service";
import { SandboxBadge, SandboxNote } from "@/components/sandbox-badge";

export const metadata: Metadata = { title: "Roles" };

export default async function RolesPage() {
  await requirePage("roles.view", "/roles");
  const [roles, sandboxAccounts] = await Promise.all([listIamRoles(), sandboxAccountIds()]);
  return (
    <section>
      <h1 className="text-2xl font-semibold">IAM roles</h1>
      <p className="mt-1 text-slate-600">Roles whose trust policy trustmap manages. Admins register roles in Settings.</p>
      <SandboxNote accountIds={sandboxAccounts} gitlab={false} />
      <table className="mt-6 w-full border-collapse bg-white text-sm">
        <thead>
          <tr className="border-b text-left"><th className="p-2">Role</th><th className="p-2">Account</th><th className="p-2">Production</th><th className="p-2">Quota</th><th className="p-2">Mappings</th><th className="p-2">Trust policy read from IAM</th></tr>
        </thead>
        <tbody>
          {roles.length === 0 ? <tr><td colSpan={6} className="p-2 text-slate-600">No roles registered yet. <Link href="/how-it-works" className="text-blue-800 underline">How it works</Link></td></tr> : null}
          {roles.map((r) => (
            <tr key={r.id} className="border-b">
              <td className="p-2"><div className="font-medium">{r.name}</div><div className="font-mono text-xs text-slate-500">{r.arn}</div></td>
              <td className="p-2">{r.awsAccount.name} <span className="font-mono text-slate-500">{r.awsAccount.accountId}</span>{sandboxAccounts.includes(r.awsAccount.accountId) ? <SandboxBadge /> : null}</td>
              <td className="p-2">{r.production ? <span className="rounded bg-red-100 px-2 py-0.5 text-red-800">production</span> : "no"}</td>
              <td className="p-2 tabular-nums">{r.trustPolicyQuota.toLocaleString("en")}</td>
              <td className="p-2 tabular-nums">{r._count.mappings}</td>
              <td className="p-2">{r.actualFetchedAt ? utcTime(r.actualFetchedAt) : "not yet: an approver or admin reads it with Plan on the Reconcile page"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
